using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// Lets a warm call know, without a system call, that a file a session resolver depends on (the secret map, the
/// rollout state file, ~/.vault-token) has not changed since it was last stat'ed. Where a system call is costly
/// (page-table isolation without PCID flushes the TLB at each one, as on this project's CI machines), the two stats a
/// call made cost as much as the whole of an empty cmdlet.
/// </summary>
/// <remarks>
/// <para>
/// On Linux one inotify instance per process watches the folder of each such file. A thread blocked on it counts,
/// per file, every event that names the file (written, closed after writing, attributes changed, created, deleted,
/// renamed to or from), and every event that ends the folder's watch (folder deleted, renamed, unmounted; the event
/// queue overflowing counts for every file). A file this process writes through the module
/// (<see cref="WrittenFiles"/>) counts at once, on the writer's thread, so the writer's next call sees it. A stamp is
/// reused while the file's count is unchanged and it was taken less than <see cref="RestatAfterMilliseconds"/> ago: the
/// safety net for what no event reports (a folder above it renamed, a file system mounted over it).
/// </para>
/// <para>
/// A change made by another process is seen once the kernel's event reaches the watching thread, normally well
/// under a millisecond, not by a call that starts in between. Where events cannot be trusted every call stats the
/// file, as before: not Linux, no inotify (limits reached), a file system other than a local one (network and FUSE
/// file systems do not report remote changes; overlay does not report changes to its lower layers), a symbolic link
/// in the folder's path (a Kubernetes ConfigMap volume swaps one), and a file with other hard links or mounted on its
/// own (its writes are reported to another folder).
/// </para>
/// </remarks>
internal sealed class FileChangeWatcher
{
    /// <summary>A stamp older than this is taken again, event or not.</summary>
    public const long RestatAfterMilliseconds = 1000;

    private const uint InModify = 0x2;
    private const uint InAttrib = 0x4;
    private const uint InCloseWrite = 0x8;
    private const uint InMovedFrom = 0x40;
    private const uint InMovedTo = 0x80;
    private const uint InCreate = 0x100;
    private const uint InDelete = 0x200;
    private const uint InDeleteSelf = 0x400;
    private const uint InMoveSelf = 0x800;
    private const uint InUnmount = 0x2000;
    private const uint InQueueOverflow = 0x4000;
    private const uint InIgnored = 0x8000;
    private const uint InOnlyDir = 0x01000000;
    private const uint InDontFollow = 0x02000000;
    private const uint FolderEvents = InModify | InAttrib | InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf | InOnlyDir | InDontFollow;
    private const uint WatchEnded = InIgnored | InDeleteSelf | InMoveSelf | InUnmount;
    private const int InCloexec = 0x80000;
    private const int Eintr = 4;

    // statfs(2) f_type of the local file systems whose changes all pass through this kernel's VFS.
    private static readonly HashSet<long> LocalFileSystems = new()
    {
        0xEF53,      // ext2, ext3, ext4
        0x58465342,  // xfs
        0x9123683E,  // btrfs
        0x01021994,  // tmpfs
        0xF2F52010,  // f2fs
    };

    private static readonly Lazy<FileChangeWatcher?> Shared = new(Start);

    private readonly int _fd;
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<string, WatchedFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WatchedFile> _byFullPath = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<WatchedFile>> _byWatch = new();
    private long _stats;
    private volatile bool _broken;

    private FileChangeWatcher(int fd)
    {
        _fd = fd;
    }

    /// <summary>The process's watcher, started on first use; null where there is none (not Linux, no inotify, no statx).</summary>
    public static FileChangeWatcher? Instance => Shared.Value;

    /// <summary>How many times a stamp was taken with a stat (for tests and the benchmark).</summary>
    public long Stats => Interlocked.Read(ref _stats);

    /// <summary>The stamp of <paramref name="path"/> (a full path): the last one taken while nothing says it changed.</summary>
    public FileStamp Stamp(string path)
    {
        var file = _files.TryGetValue(path, out var known) ? known : Add(path);
        var last = file.Last;
        if (last is not null && !_broken && last.Count == Volatile.Read(ref file.Count)
            && Environment.TickCount64 - last.TakenAt < RestatAfterMilliseconds)
        {
            return last.Stamp;
        }

        return Restat(file);
    }

    /// <summary>Whether <paramref name="path"/>'s stamp is currently reused between calls (for tests).</summary>
    public bool IsTrusted(string path) => _files.TryGetValue(path, out var file) && file.Last is not null && !_broken;

    private static FileChangeWatcher? Start()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            FileStamp.OfStatx("/", out _, out var rootMount);
            if (rootMount == 0)
            {
                return null; // a kernel before 5.8: no mount id to tell a file mounted on its own
            }

            var fd = InotifyInit1(InCloexec);
            if (fd < 0)
            {
                return null;
            }

            var watcher = new FileChangeWatcher(fd);
            var thread = new Thread(watcher.ReadEvents) { IsBackground = true, Name = "VaultRunbook file change watch" };
            thread.Start();
            WrittenFiles.Listen(watcher.Reported);
            return watcher;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private WatchedFile Add(string path)
    {
        var fullPath = path.Contains('\0', StringComparison.Ordinal) ? path : Path.GetFullPath(path);
        var file = _byFullPath.GetOrAdd(fullPath, full => new WatchedFile(full, Path.GetFileName(full)));
        return _files.GetOrAdd(path, file);
    }

    private int AddWatch(string folder, WatchedFile file)
    {
        lock (_lock)
        {
            var watch = InotifyAddWatch(_fd, folder, FolderEvents);
            if (watch < 0)
            {
                return -1; // ENOSPC (max_user_watches), EACCES...: stat every call
            }

            if (!_byWatch.TryGetValue(watch, out var files))
            {
                _byWatch[watch] = files = new List<WatchedFile>();
            }

            files.Add(file);
            return watch;
        }
    }

    private FileStamp Restat(WatchedFile file)
    {
        if (file.Watch < 0 && Environment.TickCount64 - file.RearmedAt >= RestatAfterMilliseconds)
        {
            // Not watched yet, or the folder's watch ended (deleted, renamed, unmounted), or it was not trusted (at
            // most once a second: a folder that did not exist may have been made, a mount may have gone).
            file.RearmedAt = Environment.TickCount64;
            var folder = Path.GetDirectoryName(file.Path) ?? "/";
            if (TrustedFolder(folder, out var folderMount))
            {
                file.FolderMount = folderMount;
                file.Watch = AddWatch(folder, file);
            }
        }

        // The count is read before the stat: a change during the stat counts after it, and the next call stats again.
        var count = Volatile.Read(ref file.Count);
        Interlocked.Increment(ref _stats);
        var stamp = FileStamp.OfStatx(file.Path, out var links, out var mount);
        var trusted = file.Watch >= 0 && !_broken && (!stamp.Exists || (links == 1 && mount == file.FolderMount && !IsLink(file.Path)));
        file.Last = trusted ? new Taken(stamp, count, Environment.TickCount64) : null;
        return stamp;
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    // A folder whose events can be trusted: on a local file system, with no symbolic link anywhere in its path.
    private static bool TrustedFolder(string folder, out ulong mount)
    {
        mount = 0;
        try
        {
            if (!Path.IsPathFullyQualified(folder) || folder.Contains('\0', StringComparison.Ordinal) || Statfs(folder) is not { } type || !LocalFileSystems.Contains(type))
            {
                return false;
            }

            for (var at = folder; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
            {
                if (new DirectoryInfo(at).LinkTarget is not null)
                {
                    return false;
                }
            }

            var stamp = FileStamp.OfStatx(folder, out _, out mount);
            return stamp.Exists && mount != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private void Reported(string fullPath)
    {
        if (_byFullPath.TryGetValue(fullPath, out var file))
        {
            Interlocked.Increment(ref file.Count);
        }
    }

    private unsafe void ReadEvents()
    {
        var buffer = new byte[64 * 1024];
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = Read(_fd, start, buffer.Length);
                if (read <= 0)
                {
                    if (read < 0 && Marshal.GetLastPInvokeError() == Eintr)
                    {
                        continue;
                    }

                    _broken = true; // nothing more will be reported: every call stats from now on
                    return;
                }

                lock (_lock)
                {
                    for (long at = 0; at + 16 <= read;)
                    {
                        // struct inotify_event: int wd, u32 mask, u32 cookie, u32 len, then len bytes of NUL-padded name.
                        var watch = *(int*)(start + at);
                        var mask = *(uint*)(start + at + 4);
                        var length = (int)*(uint*)(start + at + 12);
                        var name = length == 0 ? string.Empty : Encoding.UTF8.GetString(start + at + 16, NameLength(start + at + 16, length));
                        Dispatch(watch, mask, name);
                        at += 16 + length;
                    }
                }
            }
        }
    }

    private static unsafe int NameLength(byte* name, int max)
    {
        var length = 0;
        while (length < max && name[length] != 0)
        {
            length++;
        }

        return length;
    }

    private void Dispatch(int watch, uint mask, string name)
    {
        if ((mask & InQueueOverflow) != 0)
        {
            foreach (var file in _byFullPath.Values) // each file once, however many spellings of its path were asked for
            {
                Interlocked.Increment(ref file.Count);
            }

            return;
        }

        if (!_byWatch.TryGetValue(watch, out var files))
        {
            return;
        }

        if ((mask & WatchEnded) != 0 && name.Length == 0)
        {
            _byWatch.Remove(watch);
            foreach (var file in files)
            {
                file.Watch = -1;
                Interlocked.Increment(ref file.Count);
            }

            return;
        }

        foreach (var file in files)
        {
            if (string.Equals(file.Name, name, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref file.Count);
            }
        }
    }

    private static unsafe long? Statfs(string path)
    {
        byte* buffer = stackalloc byte[512];
        if (StatfsNative(path, buffer) != 0)
        {
            return null;
        }

        // struct statfs begins with f_type, a C long (__fsword_t) on every Linux ABI .NET runs on.
        return IntPtr.Size == 8 ? *(long*)buffer & 0xFFFFFFFF : *(int*)buffer & 0xFFFFFFFF;
    }

    /// <summary>One watched file: its change count and the stamp last taken.</summary>
    private sealed class WatchedFile(string path, string name)
    {
        public long Count;

        public string Path { get; } = path;

        public string Name { get; } = name;

        /// <summary>The folder's inotify watch, or -1 when its events are not trusted or its watch ended.</summary>
        public volatile int Watch = -1;

        /// <summary>The mount id of the folder when it was trusted (0: never trusted).</summary>
        public ulong FolderMount;

        public long RearmedAt = long.MinValue / 2;

        public volatile Taken? Last;
    }

    private sealed record Taken(FileStamp Stamp, long Count, long TakenAt);

    [DllImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static extern int InotifyInit1(int flags);

    [DllImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true)]
    private static extern int InotifyAddWatch(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mask);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern unsafe nint Read(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static extern unsafe int StatfsNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);
}
