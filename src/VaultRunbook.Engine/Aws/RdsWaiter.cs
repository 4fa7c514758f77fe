using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// Polls RDS until a snapshot or instance is "available" (as the SDK waiters db_snapshot_available and
/// db_instance_available do), up to a timeout; a "failed" state ends the wait at once. Time and sleep are seams.
/// </summary>
public sealed class RdsWaiter
{
    private static readonly string[] FailedStates = ["failed", "incompatible-restore", "incompatible-parameters", "incompatible-network", "deleted", "deleting"];

    private readonly IRdsClient _client;

    public RdsWaiter(IRdsClient client)
    {
        _client = client;
    }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public Task<VaultStorageSnapshot> SnapshotAvailableAsync(string snapshotIdentifier, TimeSpan timeout, Action<VaultStorageSnapshot>? progress, CancellationToken cancellationToken) =>
        UntilAsync(
            async ct => (await _client.DescribeDBSnapshotsAsync(null, snapshotIdentifier, ct).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new AwsException("DBSnapshotNotFound", ErrorKind.ObjectNotFound, $"RDS has no snapshot '{snapshotIdentifier}'.") { Target = snapshotIdentifier },
            s => s.Status,
            snapshotIdentifier,
            "snapshot",
            timeout,
            progress,
            cancellationToken);

    public Task<RdsInstance> InstanceAvailableAsync(string dbInstanceIdentifier, TimeSpan timeout, Action<RdsInstance>? progress, CancellationToken cancellationToken) =>
        UntilAsync(ct => _client.DescribeDBInstanceAsync(dbInstanceIdentifier, ct), i => i.Status, dbInstanceIdentifier, "DB instance", timeout, progress, cancellationToken);

    private async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> describe, Func<T, string> statusOf, string identifier, string what, TimeSpan timeout, Action<T>? progress, CancellationToken cancellationToken)
    {
        var deadline = Now() + timeout;
        while (true)
        {
            var current = await describe(cancellationToken).ConfigureAwait(false);
            progress?.Invoke(current);
            var status = statusOf(current);
            if (status == "available")
            {
                return current;
            }

            if (FailedStates.Contains(status))
            {
                throw new AwsException("WaitFailed", ErrorKind.InvalidResult, $"The {what} '{identifier}' went to '{status}' instead of 'available'.") { Target = identifier };
            }

            if (Now() + PollInterval >= deadline)
            {
                throw new AwsException("WaitTimeout", ErrorKind.OperationTimeout, $"The {what} '{identifier}' was still '{status}' after {timeout.TotalSeconds:0} seconds; it goes on in RDS; wait again or check the console.") { Target = identifier };
            }

            await Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
