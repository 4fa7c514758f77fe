using System.Diagnostics;

namespace VaultRunbook.Tests.Support;

/// <summary>Runs the built VaultRunbook.Host as a child process, as a user or a scheduled task would.</summary>
public static class HostRunner
{
    public static HostResult Run(params string[] arguments) => Run(TimeSpan.FromMinutes(3), null, arguments);

    /// <summary>Runs the host with <paramref name="standardInput"/> written to its stdin (null: stdin closed at once).</summary>
    public static HostResult Run(TimeSpan timeout, string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(RepoPaths.HostAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("VAULT_RUNBOOK_MODULE");
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not finish within {timeout}: {string.Join(' ', arguments)}");
        }

        return new HostResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record HostResult(int ExitCode, string StdOut, string StdErr);
