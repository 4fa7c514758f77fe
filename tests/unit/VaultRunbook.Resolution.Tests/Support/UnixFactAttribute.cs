using Xunit;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>A fact whose child processes are /bin/sh scripts: skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "The child processes are /bin/sh scripts.";
        }
    }
}
