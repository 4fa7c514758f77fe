namespace VaultRunbook.Sandbox.Core;

/// <summary>Settings that tests turn while the sandbox runs. Reads and writes are atomic.</summary>
internal sealed class SandboxKnobs
{
    private readonly object _faultGate = new();
    private readonly List<ActiveFault> _faults = [];
    private long _latencyTicks;
    private int _role;
    private int _unauthenticatedMetricsAccess;

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

    /// <summary>The listener's telemetry option unauthenticated_metrics_access: sys/metrics without a token.</summary>
    public bool UnauthenticatedMetricsAccess
    {
        get => Volatile.Read(ref _unauthenticatedMetricsAccess) != 0;
        set => Volatile.Write(ref _unauthenticatedMetricsAccess, value ? 1 : 0);
    }

    /// <summary>Adds a fault for <paramref name="duration"/> (Timeout.InfiniteTimeSpan: until cleared).</summary>
    public void InjectFault(SandboxFault fault, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (duration <= TimeSpan.Zero && duration != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The fault duration must be positive (or Timeout.InfiniteTimeSpan).");
        }

        if (!Enum.IsDefined(fault.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "Unknown fault kind.");
        }

        if (fault.Kind == SandboxFaultKind.Status && fault.StatusCode is < 100 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.StatusCode, "A status fault needs a status code in 100..999.");
        }

        if (fault.Kind == SandboxFaultKind.Latency && fault.Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.Latency, "A latency fault cannot have a negative latency.");
        }

        long expires = duration == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Environment.TickCount64 + (long)Math.Ceiling(duration.TotalMilliseconds);
        lock (_faultGate)
        {
            _faults.Add(new ActiveFault(fault, expires));
        }
    }

    public void ClearFaults()
    {
        lock (_faultGate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The faults in force now, in injection order; expired ones are forgotten.</summary>
    public IReadOnlyList<SandboxFault> ActiveFaults(bool isHealthRequest)
    {
        long now = Environment.TickCount64;
        lock (_faultGate)
        {
            _faults.RemoveAll(f => f.ExpiresAtMs <= now);
            return _faults
                .Where(f => f.Fault.AffectsHealth || !isHealthRequest)
                .Select(f => f.Fault)
                .ToArray();
        }
    }
}
