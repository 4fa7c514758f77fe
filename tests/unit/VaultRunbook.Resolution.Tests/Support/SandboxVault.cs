using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// The project's Vault sandbox on 127.0.0.1, initialised and unsealed (its shares read from UnsealKeysPath, one base64
/// share per line after the # header, sent to PUT /v1/sys/unseal), with its root token and KV v2 at secret/.
/// </summary>
public sealed class SandboxVault : IDisposable
{
    private readonly TempDirectory _data = new();

    private SandboxVault()
    {
        Server = VaultSandbox.Start(new SandboxOptions { DataPath = System.IO.Path.Combine(_data.Path, "vault"), Shares = 3, Threshold = 2 });
        using (var http = new HttpClient { BaseAddress = new Uri(Server.Address) })
        {
            foreach (var share in File.ReadAllLines(Server.UnsealKeysPath).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var answer = http.PutAsJsonAsync("/v1/sys/unseal", new { key = share.Trim() }).GetAwaiter().GetResult();
                answer.EnsureSuccessStatusCode();
                if (!Server.IsSealed)
                {
                    break;
                }
            }
        }

        RootToken = File.ReadAllText(Server.RootTokenPath).Trim();
        Client = ClientWith(RootToken);
    }

    public VaultSandbox Server { get; }

    public string Address => Server.Address;

    public string RootToken { get; }

    /// <summary>A root client that tries once (quick failures when the sandbox is stopped).</summary>
    public VaultHttpClient Client { get; }

    public static SandboxVault Start() => new();

    public VaultHttpClient ClientWith(string token) => new(new VaultConnectionSettings
    {
        Address = new Uri(Server.Address),
        Token = new SensitiveString(token),
        MaxAttempts = 1,
        Timeout = TimeSpan.FromSeconds(5),
    });

    public Task PutAsync(string path, params (string Field, string Value)[] fields)
    {
        var data = new JsonObject();
        foreach (var (field, value) in fields)
        {
            data[field] = value;
        }

        return Client.WriteSecretAsync("secret", path, data, null, CancellationToken.None);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _data.Dispose();
    }
}
