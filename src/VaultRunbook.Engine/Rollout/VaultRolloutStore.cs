using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rollout state in a Vault KV v2 secret (field <c>state</c>, the same JSON as the file store), so every service
/// reads one shared state. Updates use check-and-set and retry on a lost race, so no change is lost.
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
        }
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
            throw new ConfigurationException("VaultRunbook.Rollout.CorruptState", $"{Location} has no '{Field}' field holding the rollout state.") { Target = Location };
        }

        try
        {
            return (RolloutJson.Deserialize(text), secret.Version);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException("VaultRunbook.Rollout.CorruptState", $"The rollout state at {Location} is not valid ({ex.Message}).", ex) { Target = Location };
        }
    }
}
