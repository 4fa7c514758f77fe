using Xunit;

namespace VaultRunbook.Tests.Support;

/// <summary>A fact for Unix, skipped when the tests run as root (file modes do not stop root from reading).</summary>
public sealed class NonRootUnixFactAttribute : FactAttribute
{
    public NonRootUnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only.";
        }
        else if (Environment.IsPrivilegedProcess)
        {
            Skip = "Running as root: file modes do not stop root from reading, so an unreadable file cannot be made.";
        }
    }
}
