using System.Collections.Concurrent;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// A scripted KV v2 peer on 127.0.0.1: answers GET /v1/&lt;mount&gt;/data/&lt;path&gt; from <see cref="Secrets"/> in
/// Vault's documented envelope, 404 with errors[] for an absent path, and 503 "Vault is sealed" while
/// <see cref="Down"/>. Counts the reads it served.
/// </summary>
public sealed class KvPeer : IDisposable
{
    private readonly FixturePeer _peer;
    private int _reads;
    private volatile bool _down;

    public KvPeer() => _peer = new FixturePeer(Answer);

    public int Port => _peer.Port;

    public string Address => _peer.Address;

    /// <summary>"mount/path" to field values.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Secrets { get; } = new();

    /// <summary>While true, every request gets 503 "Vault is sealed".</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public TimeSpan Latency
    {
        get => _peer.Latency;
        set => _peer.Latency = value;
    }

    public int Reads => Volatile.Read(ref _reads);

    public static int FreePort() => FixturePeer.FreePort();

    /// <summary>A client that tries once, as the resolver tests want Vault failures to be quick.</summary>
    public VaultHttpClient Client(int attempts = 1) => ClientFor(Address, attempts);

    public static VaultHttpClient ClientFor(string address, int attempts = 1) => new(new VaultConnectionSettings
    {
        Address = new Uri(address),
        Token = new SensitiveString("hvs.test-token"),
        MaxAttempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(5),
    });

    public void Put(string mountPath, params (string Field, string Value)[] fields) =>
        Secrets[mountPath] = fields.ToDictionary(f => f.Field, f => f.Value);

    public void Dispose() => _peer.Dispose();

    private PeerAnswer Answer(RecordedRequest request)
    {
        if (Down)
        {
            return new PeerAnswer(503, "{\"errors\":[\"Vault is sealed\"]}");
        }

        var path = request.AbsolutePath;
        const string prefix = "/v1/";
        var marker = path.IndexOf("/data/", StringComparison.Ordinal);
        if (request.Method != "GET" || !path.StartsWith(prefix, StringComparison.Ordinal) || marker < 0)
        {
            return new PeerAnswer(404, "{\"errors\":[]}");
        }

        if (!request.Headers.ContainsKey("X-Vault-Token"))
        {
            return new PeerAnswer(403, "{\"errors\":[\"permission denied\"]}");
        }

        var key = path[prefix.Length..marker] + "/" + path[(marker + "/data/".Length)..];
        if (!Secrets.TryGetValue(key, out var fields))
        {
            return new PeerAnswer(404, "{\"errors\":[]}");
        }

        Interlocked.Increment(ref _reads);
        var json = JsonSerializer.Serialize(new
        {
            request_id = Guid.NewGuid().ToString(),
            lease_id = "",
            renewable = false,
            lease_duration = 0,
            data = new
            {
                data = fields,
                metadata = new { created_time = "2025-06-01T12:00:00.123456789Z", custom_metadata = (object?)null, deletion_time = "", destroyed = false, version = 3 },
            },
            wrap_info = (object?)null,
            warnings = (object?)null,
            auth = (object?)null,
        });
        return new PeerAnswer(200, json);
    }
}
