namespace VaultRunbook.Engine.Common;

/// <summary>
/// Says, as it happens, that this process has just replaced a file (<see cref="FilePermissions.WriteAtomicAsync{T}"/>),
/// so the module's cache of that file's stamp drops it before the writer's call returns, instead of waiting for the
/// operating system's change notification. The listener is kept in a process-wide slot, not a static field: every
/// copy of this assembly in the process (the module's own load context, a host's, a test's) reports to it.
/// </summary>
public static class WrittenFiles
{
    private const string Slot = "VaultRunbook.WrittenFiles";
    private static readonly object Gate = new();

    /// <summary>Reports that <paramref name="fullPath"/> has just been written, on the writer's thread.</summary>
    public static void Report(string fullPath)
    {
        if (AppDomain.CurrentDomain.GetData(Slot) is Action<string> written)
        {
            written(fullPath);
        }
    }

    /// <summary>Adds <paramref name="listener"/> to those told of every file written in this process.</summary>
    public static void Listen(Action<string> listener)
    {
        lock (Gate)
        {
            AppDomain.CurrentDomain.SetData(Slot, Delegate.Combine(AppDomain.CurrentDomain.GetData(Slot) as Action<string>, listener));
        }
    }
}
