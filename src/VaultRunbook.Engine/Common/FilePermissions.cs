namespace VaultRunbook.Engine.Common;

/// <summary>Owner-only checks and atomic, owner-only writes for key, token and state files (DESIGN rule 10).</summary>
public static class FilePermissions
{
    /// <summary>True when group or others may read the file (always false on Windows, where ACLs apply).</summary>
    public static bool IsReadableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
    }

    /// <summary>True when others (not the owner, not the group) may write the file (always false on Windows).</summary>
    public static bool IsWritableByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.OtherWrite) != 0;

    /// <summary>True when the file's group may write it (always false on Windows).</summary>
    public static bool IsWritableByGroup(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.GroupWrite) != 0;

    /// <summary>Writes a file through a temp file and a rename, owner-only on Unix, so a reader never sees half of it.</summary>
    public static void WriteAllTextAtomic(string path, string contents, bool ownerOnly) =>
        WriteAtomicAsync(
            path,
            ownerOnly,
            overwrite: true,
            stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write(contents);
                return Task.FromResult(true);
            }).GetAwaiter().GetResult(); // completes synchronously: nothing in it awaits

    /// <summary>
    /// Writes a file through a temp file beside it (created owner-only on Unix when asked) and a rename, so a reader
    /// never sees half of it and a failure leaves nothing behind. <paramref name="write"/> fills the temp file.
    /// Without <paramref name="overwrite"/>, an existing file is never replaced, even one created meanwhile:
    /// <see cref="IOException"/> then, and the temp file is removed.
    /// </summary>
    public static async Task<T> WriteAtomicAsync<T>(string path, bool ownerOnly, bool overwrite, Func<FileStream, Task<T>> write)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite };
            if (ownerOnly && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            T result;
            using (var stream = new FileStream(temp, options))
            {
                result = await write(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite);
            WrittenFiles.Report(fullPath);
            return result;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
