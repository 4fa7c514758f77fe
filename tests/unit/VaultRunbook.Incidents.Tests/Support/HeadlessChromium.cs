using System.Diagnostics;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Support;

/// <summary>
/// Debian's chromium, headless, with a fresh profile each run: reads a page's rendered DOM and takes screenshots.
/// Missing chromium fails the test with a clear message rather than skipping it (.ci/run installs the package).
/// </summary>
internal static class HeadlessChromium
{
    public static string Executable
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("VAULT_RUNBOOK_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            if (!File.Exists(path))
            {
                Assert.Fail($"Chromium is missing at '{path}': install Debian's chromium package (`apt-get install chromium`; .ci/run installs it) or point VAULT_RUNBOOK_CHROMIUM at a chromium binary. The HTML report is checked in a real browser.");
            }

            return path;
        }
    }

    /// <summary>The DOM after the page rendered (--dump-dom).</summary>
    public static string DumpDom(string htmlFile) => Run("--dump-dom", new Uri(htmlFile).AbsoluteUri);

    /// <summary>A PNG of the page at 1200x1600.</summary>
    public static void Screenshot(string htmlFile, string pngFile)
    {
        Run($"--screenshot={pngFile}", "--window-size=1200,1600", new Uri(htmlFile).AbsoluteUri);
        Assert.True(File.Exists(pngFile), $"chromium wrote no screenshot at '{pngFile}'.");
    }

    private static string Run(params string[] arguments)
    {
        var profile = Path.Combine(Path.GetTempPath(), "vaultrunbook-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within two minutes.");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium's helpers may still hold a file for a moment; the temp folder is cleaned by the OS
            }
        }
    }
}
