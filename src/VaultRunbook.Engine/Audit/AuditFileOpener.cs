using System.IO.Compression;

namespace VaultRunbook.Engine.Audit;

/// <summary>Opens an audit file for reading while Vault keeps writing it; gzip is told by its magic bytes, not the name.</summary>
internal static class AuditFileOpener
{
    /// <summary>Opens the file; for gzip, <paramref name="probe"/> tells at the end whether the data was cut short.</summary>
    public static (Stream Stream, FileStream File) Open(string path, out GzipEndProbe? probe)
    {
        probe = null;
        var file = OpenShared(path);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = RandomAccess.Read(file.SafeFileHandle, magic, 0);
            if (IsGzip(magic[..read]))
            {
                return (Decompress(new BufferedStream(file, 1 << 20), out probe), file);
            }

            return (file, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The file itself, unbuffered (reads are whole blocks), sharing writes, deletes and renames with Vault.</summary>
    public static FileStream OpenShared(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
        Options = FileOptions.SequentialScan,
    });

    /// <summary>A gzip decompressor (every member, concatenated ones too) over a probe that notices truncation.</summary>
    public static Stream Decompress(Stream compressed, out GzipEndProbe probe)
    {
        probe = new GzipEndProbe(compressed);
        return new GZipStream(probe, CompressionMode.Decompress);
    }

    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}
