using System.Runtime.InteropServices;
using System.Text;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What one stat of a file says about it: present or not, its size, its last write and status-change times and its
/// inode. A session resolver compares stamps to notice that its secret map or rollout state file changed without
/// reading either. Files are replaced atomically (a new inode) and timestamps can be coarser than two quick writes,
/// so the inode and the change time count as well as the size and the write time.
/// </summary>
/// <remarks>
/// On Linux the stamp is one statx(2) call with no allocation (a FileInfo costs a path normalisation and, here, two
/// stats); elsewhere, or where the C library lacks statx, it falls back to FileInfo (no inode there).
/// </remarks>
internal readonly record struct FileStamp(bool Exists, long Length, long LastWriteTicks, long ChangeTicks, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxMountId = 0x1000;
    private const int StatxSize = 256;
    private const int MaxStackPath = 1024;

    private static bool s_statxUnavailable = !OperatingSystem.IsLinux();

    /// <summary>VAULT_RUNBOOK_CHANGE_WATCH=off: every call stats the files, so a change by any writer is seen on the next call.</summary>
    public const string ChangeWatchVariable = "VAULT_RUNBOOK_CHANGE_WATCH";

    /// <summary>
    /// The file's stamp, without a system call when this process's change watch says the file has not changed since
    /// it was last stat'ed (see <see cref="FileChangeWatcher"/>); a stat otherwise, as <see cref="Of"/>, and always
    /// when <see cref="ChangeWatchVariable"/> is off (read on every call, so it can be turned off in a session).
    /// </summary>
    public static FileStamp Current(string path) =>
        !WatchTurnedOff() && FileChangeWatcher.Instance is { } watcher ? watcher.Stamp(path) : Of(path);

    private static bool WatchTurnedOff() =>
        Environment.GetEnvironmentVariable(ChangeWatchVariable) is { } value
        && (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0");

    public static FileStamp Of(string path)
    {
        if (!s_statxUnavailable)
        {
            try
            {
                return OfStatx(path);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                s_statxUnavailable = true;
            }
        }

        return OfFileInfo(path);
    }

    private static FileStamp OfFileInfo(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks, 0, 0) : default;
    }

    private static FileStamp OfStatx(string path) => OfStatx(path, out _, out _);

    /// <summary>
    /// One statx(2) of <paramref name="path"/> (Linux only), with the file's hard-link count and the id of the mount
    /// it is on (0 when the kernel does not say; no links when the file is absent).
    /// </summary>
    internal static unsafe FileStamp OfStatx(string path, out uint links, out ulong mountId)
    {
        links = 0;
        mountId = 0;
        var bytes = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        if (bytes > MaxStackPath)
        {
            return OfFileInfo(path);
        }

        byte* name = stackalloc byte[bytes];
        var written = Encoding.UTF8.GetBytes(path, new Span<byte>(name, bytes - 1));
        name[written] = 0;
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, name, 0, StatxBasicStats | StatxMountId, buffer) != 0)
        {
            return default; // ENOENT, ENOTDIR, EACCES...: as FileInfo.Exists, "not there"
        }

        // struct statx (linux/stat.h), the same on every architecture: stx_mask at 0, stx_nlink at 16, stx_ino at 32,
        // stx_size at 40, stx_ctime at 96 and stx_mtime at 112 (each timestamp an s64 tv_sec and a u32 tv_nsec),
        // stx_mnt_id at 144 (when stx_mask has STATX_MNT_ID: Linux 5.8 and later).
        links = *(uint*)(buffer + 16);
        mountId = (*(uint*)buffer & StatxMountId) != 0 ? *(ulong*)(buffer + 144) : 0;
        return new FileStamp(
            true,
            *(long*)(buffer + 40),
            Ticks(buffer + 112),
            Ticks(buffer + 96),
            *(ulong*)(buffer + 32));
    }

    private static unsafe long Ticks(byte* timestamp) =>
        (*(long*)timestamp * TimeSpan.TicksPerSecond) + (*(uint*)(timestamp + 8) / 100);

    [DllImport("libc", EntryPoint = "statx")]
    private static extern unsafe int Statx(int dirfd, byte* pathname, int flags, uint mask, byte* statxbuf);
}
