namespace VaultRunbook.Host.Tests;

/// <summary>What one run of the Host printed and returned.</summary>
public sealed record HostResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"exit {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Stdout}--- stderr ---{Environment.NewLine}{Stderr}";
}
