using System.Diagnostics;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>The built VaultRunbook.Host (pwsh's console host with the module) as a child process, as a user or a scheduled task runs it.</summary>
public static class HostProcess
{
    public static string HostAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "VaultRunbook.slnx")))
            {
                root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("VaultRunbook.slnx not found");
            }

            return Path.Combine(root, "src", "VaultRunbook.Host", "bin", configuration, "net10.0", "VaultRunbook.Host.dll");
        }
    }

    /// <summary>Starts <c>Host -NoProfile -NonInteractive -Command script</c> with <paramref name="environment"/> added; the caller waits.</summary>
    public static Process Start(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly);
        start.ArgumentList.Add("-NoProfile");
        start.ArgumentList.Add("-NonInteractive");
        start.ArgumentList.Add("-Command");
        start.ArgumentList.Add(script);
        start.Environment.Remove("VAULT_RUNBOOK_MODULE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the script to its end (2 minutes at most) and gives its exit code and output.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string script, IReadOnlyDictionary<string, string>? environment = null) =>
        Wait(Start(script, environment));

    public static (int ExitCode, string StdOut, string StdErr) Wait(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The host did not finish.");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
