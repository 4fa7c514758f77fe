namespace VaultRunbook.Aws.Tests.Support;

/// <summary>A clock that moves only when a wait "sleeps" on it: waits and timeouts without real time.</summary>
internal sealed class ManualClock
{
    public DateTimeOffset Now { get; private set; } = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    public int Sleeps { get; private set; }

    public Task Sleep(TimeSpan wait, CancellationToken cancellationToken)
    {
        Sleeps++;
        Now += wait;
        return Task.CompletedTask;
    }
}
