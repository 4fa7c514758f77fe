using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rollout state in a JSON file. Every update holds an exclusive lock on a sibling .lock file (an OS file lock,
/// so it works across processes) for the read-modify-write, and writes atomically (temp file + rename): two
/// processes changing the state at once both land in the history, and a reader never sees half a file.
/// </summary>
public sealed class FileRolloutStore : IRolloutStore
{
    private readonly TimeSpan _lockTimeout;

    public FileRolloutStore(string path, TimeSpan? lockTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(15);
    }

    public string Path { get; }

    public string Location => Path;

    public Task<RolloutState> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(ReadFile());

    public async Task<RolloutState> UpdateAsync(Func<RolloutState, RolloutState> change, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var held = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        var current = ReadFile();
        var next = change(current);
        if (!ReferenceEquals(next, current))
        {
            FilePermissions.WriteAllTextAtomic(Path, RolloutJson.Serialize(next), ownerOnly: false);
        }

        return next;
    }

    private RolloutState ReadFile()
    {
        if (!File.Exists(Path))
        {
            return RolloutState.Initial;
        }

        try
        {
            return RolloutJson.Deserialize(File.ReadAllText(Path));
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(
                "VaultRunbook.Rollout.CorruptState",
                $"The rollout state file '{Path}' is not valid ({ex.Message}). It was left untouched; fix or remove it.",
                ex) { Target = Path };
        }
    }

    private Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken) =>
        FileLocks.OpenExclusiveAsync(Path + ".lock", "VaultRunbook.Rollout.Locked", "the rollout state lock", _lockTimeout, cancellationToken);
}
