using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Unseal;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Resolution.Bench;

/// <summary>The project's Vault sandbox on 127.0.0.1, unsealed from its key file, with a root client and KV v2 at secret/.</summary>
internal sealed class BenchSandbox : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vr-bench-sandbox-").FullName;

    public BenchSandbox()
    {
        Server = VaultSandbox.Start(new SandboxOptions { DataPath = Path.Combine(_dataPath, "vault"), Shares = 3, Threshold = 2 });
        RootTokenPath = Server.RootTokenPath;
        Client = new VaultHttpClient(new VaultConnectionSettings
        {
            Address = new Uri(Server.Address),
            Token = new SensitiveString(File.ReadAllText(RootTokenPath).Trim()),
        });

        // Unsealed the way Invoke-VaultUnseal -KeyFile does it: the module's key-file reader, one share at a time.
        foreach (var share in UnsealKeyFile.Read(Server.UnsealKeysPath).Shares)
        {
            if (!Client.SubmitUnsealKeyAsync(share.Value.Reveal(), CancellationToken.None).GetAwaiter().GetResult().Sealed)
            {
                break;
            }
        }
    }

    public VaultSandbox Server { get; }

    public string Address => Server.Address;

    public string RootTokenPath { get; }

    public VaultHttpClient Client { get; }

    public void Put(string path, string field, string value) =>
        Client.WriteSecretAsync("secret", path, new JsonObject { [field] = value }, null, CancellationToken.None).GetAwaiter().GetResult();

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
