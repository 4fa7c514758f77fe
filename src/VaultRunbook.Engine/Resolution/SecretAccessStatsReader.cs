namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Reads the statistics file that every resolver process adds to. A bucket counts in a window when its time slice
/// overlaps it (minute slices for the last day, hour slices before), so a window edge is exact to the minute for
/// recent data and to the hour for older data. A missing file reads as no accesses.
/// </summary>
public static class SecretAccessStatsReader
{
    /// <summary>
    /// The statistics of [<paramref name="since"/>, <paramref name="until"/>), with when a process last flushed its
    /// counts to the file and how long ago that was (as of <paramref name="now"/>, default the system clock).
    /// </summary>
    public static SecretAccessStats Read(string statsPath, DateTimeOffset since, DateTimeOffset until, DateTimeOffset? now = null)
    {
        var full = Path.GetFullPath(statsPath);
        var buckets = AccessStatsFile.Read(full, out var flushedAt).Where(b => b.Start < until && b.End > since).ToList();
        return SecretAccessStatsBuilder.Build(buckets, since, until, full) with
        {
            LastFlushAt = flushedAt,
            LastFlushAge = flushedAt is { } at ? (now ?? DateTimeOffset.UtcNow) - at : null,
        };
    }

    /// <summary>Requests and errors per UTC day over the window, one entry per day that has data, oldest first.</summary>
    public static IReadOnlyList<DailyAccessCount> ReadDaily(string statsPath, DateTimeOffset since, DateTimeOffset until) =>
        InWindow(statsPath, since, until)
            .GroupBy(b => DateOnly.FromDateTime(b.Start.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DailyAccessCount(g.Key, g.Sum(b => b.Requests), g.Sum(b => b.Errors)))
            .ToList();

    private static List<StatsBucket> InWindow(string statsPath, DateTimeOffset since, DateTimeOffset until) =>
        AccessStatsFile.Read(Path.GetFullPath(statsPath)).Where(b => b.Start < until && b.End > since).ToList();
}
