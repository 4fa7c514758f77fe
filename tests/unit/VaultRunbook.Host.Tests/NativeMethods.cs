using System.Runtime.InteropServices;

namespace VaultRunbook.Host.Tests;

/// <summary>POSIX calls the tests need to send a signal to the Host.</summary>
internal static class NativeMethods
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "POSIX name.")]
    internal static extern int kill(int pid, int sig);

    /// <summary>
    /// True when this process ignores <paramref name="signal"/> (a child inherits that, so sending
    /// it would prove nothing): read from /proc/self/status on Linux.
    /// </summary>
    public static bool IsSignalIgnored(int signal)
    {
        const string prefix = "SigIgn:";
        if (!File.Exists("/proc/self/status"))
        {
            return false;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line[prefix.Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }
}
