using System.Runtime.InteropServices;
using VaultRunbook.Sandbox.Cli;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox;

/// <summary>
/// Runs a sandbox until Ctrl+C or SIGTERM. Prints where it listens and where the key files are,
/// never their content. Exit codes: 0 stopped, 1 could not start, 2 bad arguments.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        SandboxCommandLine? command = SandboxCommandLine.TryParse(args, out string? error);
        if (command is null)
        {
            Console.Error.WriteLine($"VaultRunbook.Sandbox: {error}");
            Console.Error.WriteLine(SandboxCommandLine.Usage);
            return 2;
        }

        if (command.ShowHelp)
        {
            Console.WriteLine(SandboxCommandLine.Usage);
            return 0;
        }

        VaultSandbox sandbox;
        try
        {
            sandbox = VaultSandbox.Start(command.Options);
        }
        catch (ArgumentException e)
        {
            string message = SealConfigRules.Validate(command.Options.Shares, command.Options.Threshold)?.Message ?? e.Message;
            Console.Error.WriteLine($"VaultRunbook.Sandbox: {message}");
            Console.Error.WriteLine(SandboxCommandLine.Usage);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.HttpListenerException)
        {
            Console.Error.WriteLine($"VaultRunbook.Sandbox: {e.Message}");
            return 1;
        }

        using (sandbox)
        {
            using var stop = new ManualResetEventSlim();
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Set();
            });
            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.Set();
            });

            Console.WriteLine($"Address:        {sandbox.Address}");
            Console.WriteLine($"DataPath:       {sandbox.DataPath}");
            Console.WriteLine($"UnsealKeysPath: {sandbox.UnsealKeysPath}{(File.Exists(sandbox.UnsealKeysPath) ? string.Empty : " (not written)")}");
            Console.WriteLine($"RootTokenPath:  {sandbox.RootTokenPath}{(File.Exists(sandbox.RootTokenPath) ? string.Empty : " (not written)")}");
            Console.WriteLine($"Initialized:    {sandbox.IsInitialized.ToString().ToLowerInvariant()}  Sealed: {sandbox.IsSealed.ToString().ToLowerInvariant()}");
            Console.WriteLine("Press Ctrl+C to stop.");
            stop.Wait();
            Console.WriteLine("Stopping.");
        }

        return 0;
    }
}
