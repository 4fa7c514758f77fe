namespace VaultRunbook.Host;

/// <summary>vaultrunbook: runs a runbook script with the VaultRunbook module where pwsh is absent.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args, Console.IsInputRedirected);
        }
        catch (HostUsageException e)
        {
            Console.Error.WriteLine($"vaultrunbook: {e.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(HostOptions.Usage);
            return HostOptions.UsageExitCode;
        }

        if (options.ShowHelp)
        {
            Console.Out.WriteLine(HostOptions.Usage);
            return 0;
        }

        using var runner = new ScriptRunner(options);
        var exitCode = runner.Run();
        if (runner.PipelineAbandoned)
        {
            // The pipeline thread is stuck in a call that cannot be interrupted; do not wait for it.
            Console.Out.Flush();
            Console.Error.Flush();
            Environment.Exit(exitCode);
        }

        return exitCode;
    }
}
