using Xunit;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A fact that renders views with Out-String. It is skipped, saying so, while the hosted PowerShell holds the engine's
/// core commands only (no Microsoft.PowerShell.Utility, so no Out-String); it runs once the tests host the full
/// PowerShell SDK.
/// </summary>
public sealed class FormattingFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasOutString = new(() =>
    {
        using var session = new PowerShellSession();
        return session.Run("[bool](Get-Command Out-String -ErrorAction Ignore)").Output is [{ BaseObject: true }];
    });

    public FormattingFactAttribute()
    {
        if (!HasOutString.Value)
        {
            Skip = "Out-String is not available in the hosted PowerShell (core commands only); runs with the full SDK.";
        }
    }
}
