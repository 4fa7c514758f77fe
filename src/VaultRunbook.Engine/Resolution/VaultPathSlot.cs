using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The cache entry of one mount/path: the last values read and, while a read is under way, that read, so
/// concurrent misses of the same path share one round trip to Vault.
/// </summary>
internal sealed class VaultPathSlot
{
    private readonly object _lock = new();
    private Task<VaultPathValues>? _inflight;
    private volatile VaultPathValues? _current;

    public VaultPathSlot(string mount, string path)
    {
        Mount = mount;
        Path = path;
    }

    public string Mount { get; }

    public string Path { get; }

    public VaultPathValues? Current => _current;

    public void Clear() => _current = null;

    /// <summary>Reads the path from Vault (joining a read already under way) and keeps the result.</summary>
    public Task<VaultPathValues> FetchAsync(IVaultClient client, ResolverClock clock)
    {
        lock (_lock)
        {
            if (_inflight is { } running)
            {
                return running;
            }

            // A read that completed at once has already run its finally: remember only one still under way.
            var read = FetchCoreAsync(client, clock);
            if (!read.IsCompleted)
            {
                _inflight = read;
            }

            return read;
        }
    }

    private async Task<VaultPathValues> FetchCoreAsync(IVaultClient client, ResolverClock clock)
    {
        try
        {
            var startedAt = clock.Now();
            // The read is shared by every waiter, so no one caller's token may cancel it; each waiter stops waiting on its own token.
            var secret = await client.ReadSecretAsync(Mount, Path, null, CancellationToken.None).ConfigureAwait(false);
            var names = new string[secret.Data.Count];
            var values = new SensitiveString?[secret.Data.Count];
            var i = 0;
            foreach (var (name, node) in secret.Data)
            {
                names[i] = name;
                values[i] = node switch
                {
                    null => null,
                    JsonValue scalar when scalar.TryGetValue<string>(out var text) => new SensitiveString(text),
                    _ => new SensitiveString(node.ToJsonString()),
                };
                i++;
            }

            var fetched = new VaultPathValues(startedAt, secret.Version, names, values);
            _current = fetched;
            return fetched;
        }
        finally
        {
            lock (_lock)
            {
                _inflight = null;
            }
        }
    }
}
