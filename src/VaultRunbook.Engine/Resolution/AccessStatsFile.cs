using System.Globalization;
using System.Text;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The statistics file: JSON buckets of counts, never a value. Bounded: per-minute buckets for the last day, merged
/// into per-hour buckets after that, and nothing older than 14 days (at most about 1,800 buckets). Every process
/// merges its deltas under an OS lock on a sibling .lock file and writes atomically (temp file + rename), so
/// concurrent writers add up and a reader never sees half a file.
/// </summary>
internal static class AccessStatsFile
{
    public const string Format = "vaultrunbook-access-stats/1";
    public static readonly TimeSpan MinuteResolutionFor = TimeSpan.FromDays(1);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);
    public const string CorruptErrorId = "VaultRunbook.Resolution.CorruptStats";
    private const string ErrorIdPrefix = "VaultRunbook.Resolution.StatsFile";
    private const string What = "the access statistics file";
    private static readonly string[] OutcomeNames = { "env", "vault", "vault_cached", "env_fallback", "failed" };

    public static IReadOnlyList<StatsBucket> Read(string path) => Read(path, out _);

    /// <summary>The buckets, and when a writer last added to the file (null: never, or a file from before flushed_at).</summary>
    public static IReadOnlyList<StatsBucket> Read(string path, out DateTimeOffset? flushedAt)
    {
        flushedAt = null;
        if (!FileChecks.CheckReadable(path, ErrorIdPrefix, What, missingIsAllowed: true))
        {
            return Array.Empty<StatsBucket>();
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(path, ErrorIdPrefix, What, ex);
        }
        catch (FileNotFoundException)
        {
            return Array.Empty<StatsBucket>();
        }
        catch (DirectoryNotFoundException)
        {
            return Array.Empty<StatsBucket>();
        }

        try
        {
            return Parse(text, out flushedAt);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ConfigurationException(
                CorruptErrorId,
                $"The access statistics file '{path}' is not valid ({ex.Message}). The next writer sets it aside as '{path}.corrupt' and starts again.",
                ex) { Target = path };
        }
    }

    /// <summary>
    /// Adds <paramref name="deltas"/> to the file under its lock, compacting and pruning as of <paramref name="now"/>.
    /// A file that is not valid statistics is set aside as &lt;path&gt;.corrupt and a new one started: the warning
    /// that says so is returned (null when nothing was set aside). A directory or an unreadable file is an error, and
    /// no lock file is left beside a directory.
    /// </summary>
    public static async Task<string?> MergeAsync(string path, IReadOnlyCollection<StatsBucket> deltas, DateTimeOffset now, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        FileChecks.NotADirectory(full, ErrorIdPrefix, What);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var held = await LockAsync(full + ".lock", lockTimeout, cancellationToken).ConfigureAwait(false);
        List<StatsBucket> buckets;
        string? warning = null;
        try
        {
            buckets = Read(full).ToList();
        }
        catch (ConfigurationException ex) when (ex.ErrorId == CorruptErrorId)
        {
            File.Move(full, full + ".corrupt", overwrite: true);
            buckets = new List<StatsBucket>();
            warning = $"The access statistics file '{full}' was not valid ({ex.InnerException?.Message}); it was set aside as '{full}.corrupt' and a new one was started.";
        }

        var byStart = buckets.ToDictionary(b => (b.Start, b.Seconds));
        foreach (var delta in deltas)
        {
            if (byStart.TryGetValue((delta.Start, delta.Seconds), out var existing))
            {
                existing.Add(delta);
            }
            else
            {
                var copy = new StatsBucket(delta.Start, delta.Seconds);
                copy.Add(delta);
                byStart[(delta.Start, delta.Seconds)] = copy;
            }
        }

        FilePermissions.WriteAllTextAtomic(full, Serialize(Compact(byStart.Values, now), now), ownerOnly: false);
        return warning;
    }

    /// <summary>Minute buckets older than a day fold into their hour; buckets older than the retention go.</summary>
    internal static List<StatsBucket> Compact(IEnumerable<StatsBucket> buckets, DateTimeOffset now)
    {
        var hourly = new Dictionary<DateTimeOffset, StatsBucket>();
        var result = new List<StatsBucket>();
        foreach (var bucket in buckets)
        {
            if (bucket.End <= now - Retention || bucket.IsEmpty)
            {
                continue;
            }

            if (bucket.Seconds < 3600 && bucket.Start < now - MinuteResolutionFor)
            {
                var hour = new DateTimeOffset(bucket.Start.Year, bucket.Start.Month, bucket.Start.Day, bucket.Start.Hour, 0, 0, TimeSpan.Zero);
                if (!hourly.TryGetValue(hour, out var target))
                {
                    target = new StatsBucket(hour, 3600);
                    hourly[hour] = target;
                }

                target.Add(bucket);
                continue;
            }

            if (bucket.Seconds == 3600 && hourly.TryGetValue(bucket.Start, out var sameHour))
            {
                sameHour.Add(bucket);
                continue;
            }

            if (bucket.Seconds == 3600)
            {
                hourly[bucket.Start] = bucket;
                continue;
            }

            result.Add(bucket);
        }

        result.AddRange(hourly.Values);
        result.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Seconds.CompareTo(b.Seconds));
        return result;
    }

    internal static string Serialize(IEnumerable<StatsBucket> buckets, DateTimeOffset? flushedAt = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("minute_resolution_hours", MinuteResolutionFor.TotalHours);
            json.WriteNumber("retention_days", Retention.TotalDays);
            if (flushedAt is { } at)
            {
                json.WriteString("flushed_at", Timestamp(at));
            }

            json.WriteStartArray("buckets");
            foreach (var bucket in buckets)
            {
                json.WriteStartObject();
                json.WriteString("start", Timestamp(bucket.Start));
                json.WriteNumber("seconds", bucket.Seconds);
                for (var i = 0; i < StatsBucket.OutcomeCount; i++)
                {
                    if (bucket.Counts[i] != 0)
                    {
                        json.WriteNumber(OutcomeNames[i], bucket.Counts[i]);
                        json.WriteNumber(OutcomeNames[i] + "_ns", bucket.LatencyNanoseconds[i]);
                        json.WriteNumber(OutcomeNames[i] + "_timed", bucket.Timed[i]);
                    }
                }

                WriteNonZero(json, "shadow_matches", bucket.ShadowMatches);
                WriteNonZero(json, "shadow_mismatches", bucket.ShadowMismatches);
                WriteNonZero(json, "shadow_errors", bucket.ShadowErrors);
                WriteNonZero(json, "kill_switch", bucket.KillSwitchAccesses);
                json.WriteStartObject("latency");
                foreach (var (index, count) in bucket.Latency)
                {
                    json.WriteNumber(index.ToString(CultureInfo.InvariantCulture), count);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static List<StatsBucket> Parse(string text) => Parse(text, out _);

    internal static List<StatsBucket> Parse(string text, out DateTimeOffset? flushedAt)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            throw new FormatException($"expected an object with format '{Format}'");
        }

        flushedAt = root.TryGetProperty("flushed_at", out var flushed) ? ParseTimestamp(flushed.GetString()!) : null;

        var result = new List<StatsBucket>();
        foreach (var item in root.GetProperty("buckets").EnumerateArray())
        {
            var start = ParseTimestamp(item.GetProperty("start").GetString()!);
            var bucket = new StatsBucket(start, item.GetProperty("seconds").GetInt32());
            for (var i = 0; i < StatsBucket.OutcomeCount; i++)
            {
                bucket.Counts[i] = Number(item, OutcomeNames[i]);
                bucket.LatencyNanoseconds[i] = Number(item, OutcomeNames[i] + "_ns");
                bucket.Timed[i] = item.TryGetProperty(OutcomeNames[i] + "_timed", out var timed) ? timed.GetInt64() : bucket.Counts[i];
            }

            bucket.ShadowMatches = Number(item, "shadow_matches");
            bucket.ShadowMismatches = Number(item, "shadow_mismatches");
            bucket.ShadowErrors = Number(item, "shadow_errors");
            bucket.KillSwitchAccesses = Number(item, "kill_switch");
            if (item.TryGetProperty("latency", out var latency))
            {
                foreach (var entry in latency.EnumerateObject())
                {
                    var index = int.Parse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture);
                    if (index is < 0 or >= LatencyHistogram.BucketCount)
                    {
                        throw new FormatException($"latency bucket {index} is out of range");
                    }

                    bucket.Latency[index] = entry.Value.GetInt64();
                }
            }

            result.Add(bucket);
        }

        return result;
    }

    // Whole seconds: a flush time is the merge's own clock reading, a bucket start a minute or an hour.
    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static long Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.GetInt64() : 0;

    private static void WriteNonZero(Utf8JsonWriter json, string name, long value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    private static async Task<FileStream> LockAsync(string lockPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = 2;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new ConfigurationException(
                        "VaultRunbook.Resolution.StatsLocked",
                        $"Another process has held the statistics lock '{lockPath}' for over {timeout.TotalSeconds:0}s.",
                        ex) { Target = lockPath };
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }
}
