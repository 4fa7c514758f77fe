namespace VaultRunbook.Engine.Common;

/// <summary>Runs one piece of work per item with at most <c>throttle</c> at once, and gives results in input order.</summary>
public static class BoundedParallel
{
    public static async Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int throttle,
        Func<TItem, CancellationToken, Task<TResult>> work,
        Action<int, TResult>? onCompleted,
        CancellationToken cancellationToken)
    {
        if (throttle < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(throttle), "The throttle limit must be at least 1.");
        }

        var results = new TResult[items.Count];
        var completed = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = throttle, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                results[index] = await work(items[index], ct).ConfigureAwait(false);
                onCompleted?.Invoke(Interlocked.Increment(ref completed), results[index]);
            }).ConfigureAwait(false);
        return results;
    }
}
