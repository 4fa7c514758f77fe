using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">The signing runbook's bootstrap: enables the transit engine if it is missing (sys/mounts) and creates the signing key if it is missing. Idempotent.</para>
/// <para type="description">Outputs the key with its public keys by version (PEM), and whether this call enabled the
/// mount or created the key; a second run changes nothing. The session keeps the public keys, so Test-VaultSignature
/// can check vault:v&lt;N&gt; signatures locally later, while Vault is down. A mount path that holds another engine is
/// VaultRunbook.Signing.MountNotTransit. Each call that changed something is recorded in the action journal.</para>
/// <example><code>Initialize-VaultTransit -KeyName release | Select-Object -ExpandProperty PublicKeys | ForEach-Object { $_.Values } | Set-Content ./release-pub.pem</code><para>Makes sure the transit engine and the ecdsa-p256 key 'release' exist, then saves the key's public key for openssl or for Test-VaultSignature -PublicKeyPath.</para></example>
/// </summary>
[Cmdlet(VerbsData.Initialize, "VaultTransit", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.TransitKey)]
public sealed class InitializeVaultTransitCommand : TransitCmdlet
{
    /// <summary>The signing key to create if missing.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("Name")]
    public string KeyName { get; set; } = string.Empty;

    /// <summary>The key type for a new key (an existing key keeps its type).</summary>
    [Parameter]
    [ValidateSet("ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa-2048", "rsa-3072", "rsa-4096")]
    public string Type { get; set; } = "ecdsa-p256";

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (!ShouldProcess($"{settings.AddressText}/v1/{Mount}", $"Enable transit if missing and create the {Type} key '{KeyName}' if missing"))
        {
            return;
        }

        var transit = new TransitApi(ClientFor(settings), Mount);
        try
        {
            var (key, mountCreated, keyCreated) = Run(async ct =>
            {
                var enabled = await transit.EnsureMountAsync(ct).ConfigureAwait(false);
                var (found, created) = await transit.EnsureKeyAsync(KeyName, Type, ct).ConfigureAwait(false);
                return (found, enabled, created);
            });
            ModuleSession.Current.RememberTransitPublicKeys(key.Address, key.Mount, key.Name, key.PublicKeys);
            var outcome = mountCreated ? "MountEnabled" : keyCreated ? "KeyCreated" : "Unchanged";
            if (mountCreated || keyCreated)
            {
                RecordAction(ActionRecord.Now("InitializeTransit", settings.AddressText, outcome) with { Subject = $"{Mount}/{KeyName}", KeyVersion = key.LatestVersion });
            }

            WriteVerbose(outcome == "Unchanged" ? $"Transit at {Mount}/ and the key '{KeyName}' already existed; nothing changed." : $"{(mountCreated ? $"Enabled transit at {Mount}/. " : string.Empty)}{(keyCreated ? $"Created the {Type} key '{KeyName}'." : string.Empty)}");
            if (!key.SupportsSigning)
            {
                WriteWarningOnce($"The existing transit key '{KeyName}' is a {key.Type} key, which cannot sign.");
            }

            WriteObject(key with { MountCreated = mountCreated, KeyCreated = keyCreated });
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now("InitializeTransit", settings.AddressText, "Failed") with { Subject = $"{Mount}/{KeyName}", ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, KeyName);
        }
    }
}
