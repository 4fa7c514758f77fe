using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace VaultRunbook.Host.Tests;

/// <summary>
/// Runs the built VaultRunbook.Host (`dotnet VaultRunbook.Host.dll ...`) as a child process with
/// redirected standard streams and a timeout, as a CI job or an operator's shell would.
/// </summary>
public sealed class HostProcess
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private static readonly string TestRunJournal = Path.Combine(Path.GetTempPath(), $"vaultrunbook-host-tests-{Environment.ProcessId}", "actions.jsonl");

    public HostProcess()
    {
        var configuration = typeof(HostProcess).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";
        RepoRoot = FindRepoRoot(AppContext.BaseDirectory);
        HostDirectory = Path.Combine(RepoRoot, "src", "VaultRunbook.Host", "bin", configuration, "net10.0");
        HostDll = Path.Combine(HostDirectory, "VaultRunbook.Host.dll");
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"The Host is not built at {HostDll}.");
        }
    }

    /// <summary>The folder holding VaultRunbook.slnx.</summary>
    public string RepoRoot { get; }

    /// <summary>The Host's build output folder.</summary>
    public string HostDirectory { get; }

    public string HostDll { get; }

    /// <summary>The module manifest the Host imports by default: Modules/VaultRunbook beside it.</summary>
    public string BundledModule => Path.Combine(HostDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

    /// <summary>
    /// Runs the Host with <paramref name="arguments"/>, feeding it <paramref name="stdin"/>. Standard
    /// input is then closed, unless <paramref name="keepStdinOpen"/> (so a prompt that waits for
    /// more input would block until the timeout).
    /// </summary>
    public HostResult Run(
        IEnumerable<string> arguments,
        string? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        bool keepStdinOpen = false)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child finds the module beside itself unless a test says otherwise.
        start.Environment.Remove("VAULT_RUNBOOK_MODULE");
        start.Environment["NO_COLOR"] = "1";

        // The scripts' unseals and seals go to a journal of this test run, never to the user's own.
        start.Environment["VAULT_RUNBOOK_JOURNAL"] = TestRunJournal;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Host did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Flush();
            }

            if (!keepStdinOpen)
            {
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // The Host ended without reading its input.
        }

        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            CloseQuietly(process.StandardInput);
            process.WaitForExit();
            throw new TimeoutException(
                $"The Host did not finish within {limit.TotalSeconds:0}s (a prompt waiting for input?).{Environment.NewLine}"
                + $"--- stdout ---{Environment.NewLine}{stdout.Result}--- stderr ---{Environment.NewLine}{stderr.Result}");
        }

        process.WaitForExit();
        CloseQuietly(process.StandardInput);
        return new HostResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a script file with -File and the given script arguments.</summary>
    public HostResult RunFile(string scriptPath, params string[] scriptArguments) =>
        Run(["-NoProfile", "-NonInteractive", "-File", scriptPath, .. scriptArguments]);

    /// <summary>Runs command text with -Command.</summary>
    public HostResult RunCommand(string command, string? stdin = null, bool nonInteractive = true) =>
        Run(nonInteractive ? ["-NonInteractive", "-Command", command] : ["-Command", command], stdin);

    private static void CloseQuietly(StreamWriter input)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
        }
    }

    private static string DotnetPath()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
    }

    private static string FindRepoRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VaultRunbook.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No VaultRunbook.slnx above {start}.");
    }
}
