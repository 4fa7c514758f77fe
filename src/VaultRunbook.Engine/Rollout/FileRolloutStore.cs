using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rollout state in a JSON file. Every update holds an exclusive lock on a sibling .lock file (an OS file lock,
/// so it works across processes) for the read-modify-write, and writes atomically (temp file + rename): two
/// processes changing the state at once both land in the history, and a reader never sees half a file. A missing
/// file is the initial state (nothing stored yet); a directory, an unreadable file or a state that breaks the rules
/// is an error naming the file, and nothing is created beside it.
/// </summary>
public sealed class FileRolloutStore : IRolloutStore
{
    private const string ErrorIdPrefix = "VaultRunbook.Rollout.StateFile";
    private const string What = "the rollout state file";
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
        FileChecks.NotADirectory(Path, ErrorIdPrefix, What);
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
        if (!FileChecks.CheckReadable(Path, ErrorIdPrefix, What, missingIsAllowed: true))
        {
            return RolloutState.Initial;
        }

        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(Path, ErrorIdPrefix, What, ex);
        }
        catch (FileNotFoundException)
        {
            return RolloutState.Initial; // removed since the check
        }

        return RolloutJson.Deserialize(text, Path);
    }

    private Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken) =>
        FileLocks.OpenExclusiveAsync(Path + ".lock", "VaultRunbook.Rollout.Locked", "the rollout state lock", _lockTimeout, cancellationToken);
}
