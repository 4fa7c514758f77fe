using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// The figures of the adversarial run, written to one file that CI prints after the test step
/// (<see cref="FilePath"/>). Each test records its figures before it asserts, so a failing run still reports what it
/// found. The file is removed when the test assembly loads, so a stale summary is never printed.
/// </summary>
internal static class AdversarialSummary
{
    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, string> Figures = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> Findings = new();

    /// <summary>The figures, in the order they are printed.</summary>
    private static readonly string[] Order =
    [
        "cmdlets scanned for leaks", "paths scanned", "files scanned", "leaks",
        "bad inputs tried", "generic error ids", "stack traces", "secrets in errors", "bad inputs accepted",
        "fault scenarios", "rotations", "rotations failed", "writes lost", "versions duplicated", "outcomes misreported",
        "writer processes", "history entries", "history entries lost",
        "tls verified by default",
    ];

    /// <summary>
    /// VAULTRUNBOOK_ADVERSARIAL_SUMMARY when set (.ci/run gives each run a file of its own, so a run elsewhere on the
    /// machine cannot overwrite the figures it prints), else a file in the temp folder.
    /// </summary>
    public static string FilePath { get; } =
        Environment.GetEnvironmentVariable("VAULTRUNBOOK_ADVERSARIAL_SUMMARY") is { Length: > 0 } given
            ? given
            : Path.Combine(Path.GetTempPath(), "vaultrunbook-adversarial-summary.txt");

#pragma warning disable CA2255 // One process-wide reset, made before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Reset() => File.Delete(FilePath);

    public static void Record(string name, object value)
    {
        Figures[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        Write();
    }

    /// <summary>A defect found (a leak, a generic id, a lost write...), printed under the figures.</summary>
    public static void Finding(string text)
    {
        Findings.Enqueue(text.ReplaceLineEndings(" "));
        Write();
    }

    private static void Write()
    {
        lock (Gate)
        {
            var known = Order.Where(Figures.ContainsKey).Concat(Figures.Keys.Except(Order).Order(StringComparer.Ordinal));
            var lines = new List<string> { string.Join("; ", known.Select(k => $"{k}: {Figures[k]}")) };
            var findings = Findings.ToArray();
            if (findings.Length > 0)
            {
                lines.Add($"findings ({findings.Length}):");
                lines.AddRange(findings.Take(200).Select(f => "  - " + (f.Length > 400 ? f[..400] + "..." : f)));
            }

            var temp = FilePath + ".tmp";
            File.WriteAllLines(temp, lines);
            File.Move(temp, FilePath, overwrite: true);
        }
    }
}
