namespace VaultRunbook.Sandbox.Core;

/// <summary>Settings that tests turn while the sandbox runs. Reads and writes are atomic.</summary>
internal sealed class SandboxKnobs
{
    private long _latencyTicks;
    private int _role;

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(SandboxOptions.Latency), value, "Latency cannot be negative.");
            }

            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    public SandboxRole Role
    {
        get => (SandboxRole)Volatile.Read(ref _role);
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Role), value, "Unknown sandbox role.");
            }

            Volatile.Write(ref _role, (int)value);
        }
    }
}
