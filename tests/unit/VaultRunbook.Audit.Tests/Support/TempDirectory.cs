using System.IO.Compression;
using System.Text;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>A scratch folder for log files, deleted with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(FullName);

    public string FullName { get; } = Path.Combine(Path.GetTempPath(), "vr-audit-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    public string File(string name, byte[] bytes)
    {
        var path = Path.Combine(FullName, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Gzip(string name, string text)
    {
        var path = Path.Combine(FullName, name);
        using var file = System.IO.File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullName, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
