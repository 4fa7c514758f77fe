namespace VaultRunbook.Engine.Aws;

/// <summary>
/// The AWS SDKs' standard retry mode: a bounded number of attempts (3 by default), a throttled or 5xx answer or a
/// broken connection retried after "full jitter" exponential backoff, random(0, min(cap, base * 2^attempt)).
/// The delay is a seam so tests do not sleep.
/// </summary>
public sealed record AwsRetryPolicy
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Backoff(int retry, Random random)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
