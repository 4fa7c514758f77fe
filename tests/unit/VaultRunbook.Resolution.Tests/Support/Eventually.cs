using System.Diagnostics;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// For a change written outside the module (another process, or this one writing a file by itself): the session sees
/// it once Linux reports it to the module's change watch, normally before the next call, and within a second where no
/// event comes (the stamp's safety net). The call is repeated until it shows the change, five seconds at most, which
/// leaves room for a loaded CI machine; the last result is returned either way, for the caller to assert on.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static T Seen<T>(Func<T> call, Func<T, bool> changed)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = call();
            if (changed(result) || clock.Elapsed > Limit)
            {
                return result;
            }

            Thread.Sleep(10);
        }
    }
}
