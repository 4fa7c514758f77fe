using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>The statistics file: bounded, shared by processes without losing counts, read back per window and per day.</summary>
public sealed class AccessStatsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static long Ns(double microseconds) => (long)(microseconds * 1000);

    [Fact]
    public async Task The_file_says_when_the_newest_flush_was_and_the_reader_how_old_it_is()
    {
        var clock = new ManualClock();
        var path = _dir.File("stats.json");
        Assert.Null(SecretAccessStatsReader.Read(path, clock.GetUtcNow().AddHours(-1), clock.GetUtcNow()).LastFlushAt);
        await using (var recorder = new AccessStatsRecorder(path, clock, Timeout.InfiniteTimeSpan))
        {
            recorder.Record(AccessOutcome.Env, TimeSpan.FromMilliseconds(1));
            await recorder.FlushAsync();
            var flushedAt = clock.GetUtcNow();
            clock.Advance(TimeSpan.FromSeconds(42));

            var stats = SecretAccessStatsReader.Read(path, flushedAt.AddHours(-1), clock.GetUtcNow(), now: clock.GetUtcNow());

            Assert.Equal(1, stats.Requests);
            Assert.Equal(flushedAt.AddTicks(-(flushedAt.Ticks % TimeSpan.TicksPerSecond)), stats.LastFlushAt);
            Assert.Equal(TimeSpan.FromSeconds(42), stats.LastFlushAge);
        }
    }

    [Fact]
    public async Task Counts_are_written_and_read_back_per_window()
    {
        var clock = new ManualClock();
        var path = _dir.File("stats.json");
        await using (var recorder = new AccessStatsRecorder(path, clock, Timeout.InfiniteTimeSpan))
        {
            recorder.Record(AccessOutcome.Vault, TimeSpan.FromMilliseconds(2));
            for (var i = 0; i < 9; i++)
            {
                recorder.Record(AccessOutcome.VaultCached, TimeSpan.FromMilliseconds(0.001));
            }

            recorder.Record(AccessOutcome.Env, TimeSpan.FromMilliseconds(0.0005));
            recorder.Record(AccessOutcome.EnvFallback, TimeSpan.FromMilliseconds(3));
            clock.Advance(TimeSpan.FromMinutes(10));
            recorder.Record(AccessOutcome.Failed, TimeSpan.FromMilliseconds(1));
        }

        var now = clock.GetUtcNow();
        var all = SecretAccessStatsReader.Read(path, now.AddHours(-1), now.AddMinutes(1));
        var recent = SecretAccessStatsReader.Read(path, now.AddMinutes(-2), now.AddMinutes(1));

        Assert.Equal(13, all.Requests);
        Assert.Equal(10, all.VaultHits);
        Assert.Equal(9, all.CacheHits);
        Assert.Equal(1, all.EnvHits);
        Assert.Equal(1, all.EnvFallbacks);
        Assert.Equal(1, all.Failures);
        Assert.Equal(2, all.Errors);
        Assert.Equal(10 / 13.0, all.VaultHitRate!.Value, 6);
        Assert.Equal(2000.0, all.CacheEffectiveness!.Value, 0);
        Assert.Equal(1, recent.Requests);
        Assert.Equal(1, recent.Errors);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), all.FirstRecordedAt);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), all.FirstErrorAt);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 11, 0, TimeSpan.Zero), all.LastErrorAt);
        var inputs = all.ToReadinessInputs();
        Assert.Equal(2, inputs.Errors);
        Assert.Equal(all.P99Latency, inputs.P99Latency);
        Assert.Equal(all.FirstRecordedAt, inputs.DataSince);
    }

    [Fact]
    public async Task Two_recorders_flushing_at_once_lose_no_count()
    {
        var path = _dir.File("shared.json");
        const int perWriter = 20_000;

        async Task Writer(AccessOutcome outcome)
        {
            await using var recorder = new AccessStatsRecorder(path, TimeProvider.System, Timeout.InfiniteTimeSpan);
            for (var i = 0; i < perWriter; i++)
            {
                recorder.Record(outcome, TimeSpan.FromTicks(1 + (i % 50)));
                if (i % 1000 == 999)
                {
                    await recorder.FlushAsync();
                }
            }
        }

        // Three writers, each recording and flushing concurrently against one file under its lock.
        await Task.WhenAll(
            Task.Run(() => Writer(AccessOutcome.VaultCached)),
            Task.Run(() => Writer(AccessOutcome.Env)),
            Task.Run(() => Writer(AccessOutcome.Vault)));

        var stats = SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(3 * perWriter, stats.Requests);
        Assert.Equal(perWriter, stats.CacheHits);
        Assert.Equal(perWriter, stats.EnvHits);
        Assert.Equal(2 * perWriter, stats.VaultHits);
    }

    [Fact]
    public async Task Recording_from_many_threads_while_flushing_loses_no_count()
    {
        var path = _dir.File("threads.json");
        await using (var recorder = new AccessStatsRecorder(path, TimeProvider.System, TimeSpan.FromMilliseconds(5)))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (var i = 0; i < 50_000; i++)
                {
                    recorder.Record(AccessOutcome.VaultCached, TimeSpan.FromTicks(1));
                }
            })));
        }

        Assert.Equal(200_000, SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)).Requests);
    }

    [Fact]
    public async Task The_file_stays_bounded_minutes_fold_into_hours_after_a_day_and_go_after_14_days()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 0, 0, 30, TimeSpan.Zero));
        var path = _dir.File("bounded.json");
        await using var recorder = new AccessStatsRecorder(path, clock, Timeout.InfiniteTimeSpan);

        // One error-free access every minute for 16 days, and one error on day 10.
        for (var minute = 0; minute < 16 * 24 * 60; minute++)
        {
            recorder.Record(minute == 10 * 24 * 60 ? AccessOutcome.Failed : AccessOutcome.Env, TimeSpan.FromTicks(10));
            if (minute % 600 == 0)
            {
                await recorder.FlushAsync();
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        await recorder.FlushAsync();
        var buckets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("buckets");
        var now = clock.GetUtcNow();
        var minuteBuckets = buckets.EnumerateArray().Count(b => b.GetProperty("seconds").GetInt32() == 60);
        var hourBuckets = buckets.EnumerateArray().Count(b => b.GetProperty("seconds").GetInt32() == 3600);

        Assert.InRange(minuteBuckets, 1400, 1441);
        Assert.InRange(hourBuckets, 13 * 24 - 2, 14 * 24 + 1);
        Assert.True(new FileInfo(path).Length < 1_000_000, $"{new FileInfo(path).Length} bytes");
        var all = SecretAccessStatsReader.Read(path, now.AddDays(-30), now);
        Assert.InRange(all.FirstRecordedAt!.Value, now.AddDays(-14).AddHours(-1), now.AddDays(-13));
        Assert.Equal(1, all.Errors);

        var daily = SecretAccessStatsReader.ReadDaily(path, now.AddDays(-14), now);
        var errorDay = Assert.Single(daily, d => d.Errors > 0);
        Assert.Equal(new DateOnly(2025, 6, 11), errorDay.Day);
        Assert.All(daily.Where(d => d.Day > new DateOnly(2025, 6, 2) && d.Day < new DateOnly(2025, 6, 17)), d => Assert.Equal(24 * 60, d.Requests));
        Assert.Equal(0, SecretAccessStatsReader.Read(path, now.AddDays(-5), now).Errors);
    }

    [Fact]
    public void Percentiles_from_the_histogram_are_within_a_few_percent()
    {
        var recorder = new AccessStatsRecorder(null, new ManualClock());
        var random = new Random(5);
        var samples = new List<long>();
        for (var i = 0; i < 100_000; i++)
        {
            var ns = (long)Math.Exp(random.NextDouble() * 14); // 1 ns .. 1.2 ms, log-uniform
            samples.Add(ns);
            recorder.Record(AccessOutcome.Env, ns);
        }

        samples.Sort();
        var stats = recorder.Snapshot();
        var p50 = samples[(int)(samples.Count * 0.50) - 1];
        var p99 = samples[(int)(samples.Count * 0.99) - 1];

        Assert.InRange(stats.P50Latency!.Value.Ticks * 100.0, p50 * 0.95 - 100, p50 * 1.05 + 100);
        Assert.InRange(stats.P99Latency!.Value.Ticks * 100.0, p99 * 0.95, p99 * 1.05);
    }

    [Fact]
    public async Task A_missing_file_reads_as_nothing_and_a_corrupt_one_is_an_error_the_next_writer_sets_aside()
    {
        var path = _dir.File("corrupt.json");
        var empty = SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        File.WriteAllText(path, "{ not json");

        var ex = Assert.Throws<ConfigurationException>(() => SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
        await using (var recorder = new AccessStatsRecorder(path, TimeProvider.System, Timeout.InfiniteTimeSpan))
        {
            recorder.Record(AccessOutcome.Env, TimeSpan.FromTicks(1));
        }

        Assert.Equal(0, empty.Requests);
        Assert.Null(empty.VaultHitRate);
        Assert.Equal("VaultRunbook.Resolution.CorruptStats", ex.ErrorId);
        Assert.True(File.Exists(path + ".corrupt"));
        Assert.Equal(1, SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(1)).Requests);
    }

    [Fact]
    public async Task Counts_are_written_periodically_without_waiting_for_dispose()
    {
        var path = _dir.File("periodic.json");
        await using var recorder = new AccessStatsRecorder(path, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        recorder.Record(AccessOutcome.VaultCached, TimeSpan.FromTicks(1));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(path) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)).CacheHits);
    }

    [Fact]
    public void A_recorder_without_a_file_writes_nothing()
    {
        using var recorder = new AccessStatsRecorder(null);
        recorder.Record(AccessOutcome.Env, TimeSpan.FromTicks(1));

        Assert.Equal(1, recorder.Snapshot().Requests);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void The_default_paths_come_from_the_environment_first()
    {
        Assert.Equal("/tmp/s.json", ResolutionPaths.DefaultStatsPath(n => n == "VAULT_RUNBOOK_STATS" ? "/tmp/s.json" : null));
        Assert.EndsWith(Path.Combine("VaultRunbook", "access-stats.json"), ResolutionPaths.DefaultStatsPath(_ => null));
        Assert.EndsWith(Path.Combine("VaultRunbook", "secret-map.json"), ResolutionPaths.DefaultSecretMapPath(_ => null));
    }
}
