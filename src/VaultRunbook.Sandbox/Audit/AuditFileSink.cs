using System.Globalization;
using System.Text;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>
/// One audit file opened for appending. Each entry is a single unbuffered write of the whole line
/// and its "\n" under a lock, then a flush, so concurrent requests never interleave and a reader
/// never sees a line cut in two by another entry. The file is created (with its folder) on first
/// use, with the device's mode (0600 unless the "mode" option says otherwise).
/// </summary>
internal sealed class AuditFileSink : IDisposable
{
    private readonly object _gate = new();
    private readonly FileStream _stream;

    private AuditFileSink(FileStream stream) => _stream = stream;

    public static AuditFileSink Open(string path, string? mode)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        UnixFileMode fileMode = ParseMode(mode);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows() && fileMode != 0)
        {
            options.UnixCreateMode = fileMode;
        }

        var stream = new FileStream(full, options);
        if (!OperatingSystem.IsWindows() && fileMode != 0)
        {
            File.SetUnixFileMode(full, fileMode);
        }

        return new AuditFileSink(stream);
    }

    /// <summary>The "mode" option: octal, default 0600; "0000" leaves the permissions alone.</summary>
    public static UnixFileMode ParseMode(string? mode)
    {
        if (string.IsNullOrEmpty(mode))
        {
            return UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        int value = 0;
        foreach (char c in mode)
        {
            if (c is < '0' or > '7')
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"invalid mode \"{mode}\""));
            }

            value = (value * 8) + (c - '0');
        }

        if (value > 0xFFF)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"invalid mode \"{mode}\""));
        }

        return (UnixFileMode)value;
    }

    /// <summary>Appends <paramref name="line"/> (which ends with "\n") in one write.</summary>
    public void Append(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }
}
