using System.IO.Compression;

namespace VaultRunbook.Engine.Audit;

/// <summary>Opens an audit file for reading while Vault keeps writing it; gzip is told by its magic bytes, not the name.</summary>
internal static class AuditFileOpener
{
    public static (Stream Stream, FileStream File, bool Compressed) Open(string path)
    {
        var file = OpenShared(path);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = RandomAccess.Read(file.SafeFileHandle, magic, 0);
            if (IsGzip(magic[..read]))
            {
                return (new GZipStream(new BufferedStream(file, 1 << 20), CompressionMode.Decompress), file, true);
            }

            return (file, file, false);
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

    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}
