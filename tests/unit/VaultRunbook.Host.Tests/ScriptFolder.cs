namespace VaultRunbook.Host.Tests;

/// <summary>A temporary folder for the scripts (and modules) one test writes; deleted afterwards.</summary>
public sealed class ScriptFolder : IDisposable
{
    public ScriptFolder()
    {
        Path = Directory.CreateTempSubdirectory("vaultrunbook-host-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a file under the folder and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
