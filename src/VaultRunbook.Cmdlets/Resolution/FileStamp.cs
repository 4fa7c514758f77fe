namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What one stat of a file says about it: present or not, its size and its last write time. A session resolver
/// compares stamps to notice that its secret map or rollout state file changed without reading either. The rollout
/// state is written atomically with its history appended, so a change moves the size as well as the time.
/// </summary>
internal readonly record struct FileStamp(bool Exists, long Length, long LastWriteTicks)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks) : default;
    }
}
