using System.Diagnostics;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// The real pwsh users run: the `PowerShell` .NET tool pinned in .config/dotnet-tools.json (7.6.10; run
/// `dotnet tool restore` once). Its pwsh.dll is started directly with the dotnet host, as an installed pwsh starts:
/// `dotnet pwsh` adds the .NET CLI and the tool's shim (about a second) in front of every process. Without the
/// restored package, `dotnet pwsh` from the repository folder.
/// </summary>
internal static class Pwsh
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The pwsh.dll of the pinned tool package, or null (then `dotnet pwsh`).</summary>
    public static string? Dll { get; } = FindDll();

    public static string Description => Dll is null ? "dotnet pwsh (tool manifest)" : $"pwsh 7.6.10 of the tool manifest ({Dll})";

    /// <summary>Runs a script file in a fresh pwsh process; gives its standard output (an error when it fails).</summary>
    public static string RunFile(string script, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        foreach (var argument in new[] { Dll ?? "pwsh", "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("VAULT_RUNBOOK_MODULE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pwsh {script} exited with {process.ExitCode}: {stderr.Result}{stdout}");
        }

        return stdout;
    }

    /// <summary>The bundled module beside this program.</summary>
    public static string ModulePath(string name) => Path.Combine(AppContext.BaseDirectory, "Modules", name, name + ".psd1");

    private static string? FindDll()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dll = Path.Combine(packages, "powershell", "7.6.10", "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        return File.Exists(dll) ? dll : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VaultRunbook.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VaultRunbook.slnx not found above " + AppContext.BaseDirectory);
    }
}
