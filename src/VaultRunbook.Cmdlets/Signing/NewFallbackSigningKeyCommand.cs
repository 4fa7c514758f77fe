using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Creates the fallback signing key file: an ECDSA P-256 key that signs while Vault is down. Owner-only, written atomically; refuses to overwrite without -Force.</para>
/// <para type="description">The file is JSON, format vaultrunbook.fallback-signing-key/1: format, algorithm
/// (ecdsa-p256), key_id (fb- and 16 hex digits of the SHA-256 of the public key), version, created_at, private_key
/// (PEM PKCS#8), public_key (PEM SubjectPublicKeyInfo) and previous (the public keys of rotated-out versions, each
/// with version, key_id, created_at, retired_at, public_key). Fallback signatures read fallback:v&lt;N&gt;:&lt;base64
/// DER ECDSA over SHA-256&gt;. The output shows the public key (PEM) and never the private key. An existing file is
/// VaultRunbook.Signing.FallbackKeyExists unless -Force replaces it (its signatures then stop verifying; prefer
/// Update-FallbackSigningKey).</para>
/// <example><code>New-FallbackSigningKey -Path /etc/app/vault-fallback.json | Select-Object -ExpandProperty PublicKey | Set-Content /etc/app/fallback-pub.pem</code><para>Creates the fallback key before an outage and publishes its public key, so verifiers (or openssl) can check fallback signatures.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.New, "FallbackSigningKey", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.FallbackKeyInfo)]
public sealed class NewFallbackSigningKeyCommand : FallbackKeyCmdlet
{
    /// <summary>Replace an existing key file (its signatures stop verifying).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = KeyFile;
        if (ShouldProcess(path, Force.IsPresent && File.Exists(path) ? "Replace the fallback signing key (signatures of the old key stop verifying)" : "Create the fallback signing key"))
        {
            ChangeKey("NewFallbackSigningKey", path, store => store.Create(path, Force.IsPresent));
        }
    }
}
