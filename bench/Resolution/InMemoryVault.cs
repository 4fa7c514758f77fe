using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Resolution.Bench;

/// <summary>An IVaultClient answering KV v2 reads from memory, to fill a resolver's cache with many paths quickly.</summary>
internal sealed class InMemoryVault : IVaultClient
{
    private readonly Dictionary<string, string> _bodies = new(StringComparer.Ordinal);

    public VaultConnectionSettings Settings { get; } = new() { Address = new Uri("http://127.0.0.1:1") };

    public void Put(string mount, string path, string field, string value)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["data"] = new JsonObject { [field] = value },
                ["metadata"] = new JsonObject { ["version"] = 1, ["created_time"] = "2025-06-01T00:00:00Z", ["destroyed"] = false, ["deletion_time"] = "" },
            },
        };
        _bodies[$"{mount}/data/{path}"] = body.ToJsonString();
    }

    public Task<VaultResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        if (!_bodies.TryGetValue(request.Path, out var body))
        {
            return Task.FromResult(new VaultResponse { StatusCode = HttpStatusCode.NotFound, Body = JsonDocument.Parse("{\"errors\":[]}").RootElement.Clone(), Elapsed = TimeSpan.Zero, Address = "memory" });
        }

        using var document = JsonDocument.Parse(body);
        return Task.FromResult(new VaultResponse { StatusCode = HttpStatusCode.OK, Body = document.RootElement.Clone(), Elapsed = TimeSpan.Zero, Address = "memory" });
    }

    public void Dispose()
    {
    }
}
