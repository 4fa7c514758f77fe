using System.Diagnostics;

namespace VaultRunbook.Testing;

/// <summary>Runs an independent command-line tool (jq, python3, chattr) and gives its exit code and output; a tool that is not installed gives exit code -1.</summary>
internal static class Tool
{
    public static (int ExitCode, string Output, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Replace("\r", string.Empty, StringComparison.Ordinal), error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, string.Empty, $"{file} could not be started: {ex.Message}");
        }
    }
}
