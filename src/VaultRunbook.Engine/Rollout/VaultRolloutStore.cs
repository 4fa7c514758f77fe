using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rollout state in a Vault KV v2 secret (field <c>state</c>, the same JSON as the file store), so every service
/// reads one shared state. Updates use check-and-set and retry on a lost race, so no change is lost. When a write's
/// answer is lost (5xx, timeout), the state is read back to tell written from not written before reporting.
/// </summary>
public sealed class VaultRolloutStore : IRolloutStore
{
    private const string Field = "state";
    private const int MaxAttempts = 8;
    private readonly IVaultClient _client;
    private readonly string _mount;
    private readonly string _path;

    public VaultRolloutStore(IVaultClient client, string mount, string path)
    {
        _client = client;
        _mount = mount.Trim('/');
        _path = path.Trim('/');
    }

    public string Location => $"vault:{_mount}/{_path}";

    public async Task<RolloutState> ReadAsync(CancellationToken cancellationToken) =>
        (await ReadWithVersionAsync(cancellationToken).ConfigureAwait(false)).State;

    public async Task<RolloutState> UpdateAsync(Func<RolloutState, RolloutState> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, version) = await ReadWithVersionAsync(cancellationToken).ConfigureAwait(false);
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                return current;
            }

            try
            {
                await _client.WriteSecretAsync(_mount, _path, new JsonObject { [Field] = RolloutJson.Serialize(next) }, version, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (KvException ex) when (ex.ErrorId == "VaultRunbook.Secret.CasMismatch" && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException ex) when (AnswerLost(ex) && !cancellationToken.IsCancellationRequested)
            {
                return await ReconcileAsync(next, version, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A 5xx, a timeout or a garbled answer says nothing about whether Vault stored the write.
    private static bool AnswerLost(EngineException ex) =>
        ex is VaultUnreachableException or VaultInvalidResponseException
        || (ex is VaultApiException api && (int)api.StatusCode >= 500);

    /// <summary>
    /// After a write whose answer was lost: reads the state again and compares. Written (our change is in the
    /// history at its place) gives the new state; not written (the version did not move, or another writer's change
    /// is there instead) is VaultRunbook.Rollout.NotWritten; a read that fails too is VaultRunbook.Rollout.OutcomeUnknown.
    /// </summary>
    private async Task<RolloutState> ReconcileAsync(RolloutState next, int version, EngineException writeError, CancellationToken cancellationToken)
    {
        RolloutState stored;
        int storedVersion;
        try
        {
            (stored, storedVersion) = await ReadWithVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException readError)
        {
            throw new RolloutException(
                "VaultRunbook.Rollout.OutcomeUnknown",
                $"The change to {Location} may or may not have been written: the write failed without a clear answer ({writeError.Message}) and reading the state back failed too ({readError.Message}). Run Get-VaultRollout to see which, before changing it again.",
                Location,
                writeError);
        }

        var ours = next.History[^1];
        var index = next.History.Count - 1;
        if (storedVersion > version && stored.History.Count > index && stored.History[index] == ours)
        {
            return stored.Revision == next.Revision ? next : stored;
        }

        throw new RolloutException(
            "VaultRunbook.Rollout.NotWritten",
            $"The change to {Location} was not written: the write failed ({writeError.Message}) and reading the state back shows revision {stored.Revision} without it. Nothing changed; run the command again.",
            Location,
            writeError);
    }

    private async Task<(RolloutState State, int Version)> ReadWithVersionAsync(CancellationToken cancellationToken)
    {
        KvSecret secret;
        try
        {
            secret = await _client.ReadSecretAsync(_mount, _path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KvException ex) when (ex.ErrorId == "VaultRunbook.Secret.NotFound")
        {
            return (RolloutState.Initial, 0);
        }

        var text = secret.Data[Field] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        if (text is null)
        {
            throw new ConfigurationException(RolloutRules.InvalidStateErrorId, $"The rollout state at '{Location}' is not valid: it has no '{Field}' field holding the state as a JSON string.") { Target = Location };
        }

        return (RolloutJson.Deserialize(text, Location), secret.Version);
    }
}
