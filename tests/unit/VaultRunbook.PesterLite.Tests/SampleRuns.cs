using System.Collections.Concurrent;
using VaultRunbook.Testing;

namespace VaultRunbook.PesterLite.Tests;

/// <summary>Runs each sample under Samples/ once (through PesterLiteRunner) and keeps its result and trace.</summary>
public sealed class SampleRuns : IDisposable
{
    public const string TraceVariable = "PESTERLITE_TRACE";

    private readonly ConcurrentDictionary<string, Lazy<SampleRun>> _runs = new(StringComparer.Ordinal);
    private readonly string _traceFolder = Path.Combine(Path.GetTempPath(), "pesterlite-tests-" + Guid.NewGuid().ToString("N"));

    public SampleRuns() => Directory.CreateDirectory(_traceFolder);

    public static string PathOf(string sample) => Path.Combine(AppContext.BaseDirectory, "Samples", sample);

    public SampleRun Get(string sample) =>
        _runs.GetOrAdd(sample, name => new Lazy<SampleRun>(() => RunSample(name))).Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_traceFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private SampleRun RunSample(string sample)
    {
        var trace = Path.Combine(_traceFolder, sample + ".trace");
        File.WriteAllText(trace, string.Empty);
        var result = PesterLiteRunner.Run(PathOf(sample), new Dictionary<string, string> { [TraceVariable] = trace });
        var lines = File.ReadAllLines(trace).Where(l => l.Length > 0).ToList();
        return new SampleRun(result, lines);
    }
}

public sealed record SampleRun(PesterLiteResult Result, IReadOnlyList<string> Trace)
{
    public PesterLiteTestResult Test(string expandedPath) =>
        Result.Tests.SingleOrDefault(t => t.ExpandedPath == expandedPath)
        ?? throw new Xunit.Sdk.XunitException($"No test '{expandedPath}' in the result.\n{Result.Describe()}\nTests: {string.Join(" | ", Result.Tests.Select(t => t.ExpandedPath))}");
}

[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<SampleRuns>
{
    public const string Name = "PesterLite samples";
}
