using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>Ctrl+C (SIGINT) and SIGTERM stop the running pipeline and end the Host with 130 / 143.</summary>
public sealed class SignalTests
{
    private const string LongRunning = "'started'; while ($true) { [System.Threading.Thread]::Sleep(50) }";

    private readonly HostProcess _host = new();

    [Fact]
    public void InterruptStopsThePipelineAndExits130()
    {
        if (OperatingSystem.IsWindows() || NativeMethods.IsSignalIgnored(NativeMethods.SIGINT))
        {
            return; // no POSIX signals, or the child would inherit SIGINT as ignored
        }

        var result = _host.RunAndSignal(["-NonInteractive", "-Command", LongRunning], "started", NativeMethods.SIGINT);

        Assert.True(result.ExitCode == 130, result.ToString());
    }

    [Fact]
    public void TerminateStopsThePipelineAndExits143()
    {
        if (OperatingSystem.IsWindows() || NativeMethods.IsSignalIgnored(NativeMethods.SIGTERM))
        {
            return;
        }

        var result = _host.RunAndSignal(["-NonInteractive", "-Command", LongRunning], "started", NativeMethods.SIGTERM);

        Assert.True(result.ExitCode == 143, result.ToString());
    }

    [Fact]
    public void InterruptDuringABlockingCallStillEndsTheHost()
    {
        if (OperatingSystem.IsWindows() || NativeMethods.IsSignalIgnored(NativeMethods.SIGINT))
        {
            return;
        }

        // A .NET call that PowerShell cannot interrupt: the Host gives up waiting and exits anyway.
        var result = _host.RunAndSignal(
            ["-NonInteractive", "-Command", "'started'; [System.Threading.Thread]::Sleep(120000); 'not reached'"],
            "started",
            NativeMethods.SIGINT);

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.DoesNotContain("not reached", result.Stdout, StringComparison.Ordinal);
    }
}
