using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Rotates the fallback signing key: a new ECDSA P-256 key with the next version; the old public key is kept so its signatures still verify.</para>
/// <para type="description">The last step of the signing runbook after an outage: the key that signed while Vault was
/// down is retired. The file is rewritten atomically and owner-only; the output shows the new version and the
/// versions kept for verification.</para>
/// <example><code>Update-FallbackSigningKey -Path /etc/app/vault-fallback.json | Format-List KeyId, Version, PreviousVersions</code><para>Retires the key used during the outage and shows the new version beside the old ones that still verify.</para></example>
/// </summary>
[Cmdlet(VerbsData.Update, "FallbackSigningKey", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.FallbackKeyInfo)]
public sealed class UpdateFallbackSigningKeyCommand : FallbackKeyCmdlet
{
    protected override void EndProcessing()
    {
        var path = KeyFile;
        if (ShouldProcess(path, "Rotate the fallback signing key (the old public key is kept for verification)"))
        {
            ChangeKey("UpdateFallbackSigningKey", path, store => store.Rotate(path));
        }
    }
}
