using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// <para type="synopsis">Diagnoses why a Vault node under AWS KMS auto-unseal stays sealed: key state, an Encrypt/Decrypt round trip, the node's seal status, and a verdict with the next step.</para>
/// <para type="description">Calls KMS DescribeKey (is the key enabled, is it pending deletion?), then encrypts and decrypts 32 random bytes with the key (does the role really hold kms:Encrypt and kms:Decrypt?), and reads the node's seal status (type awskms, recovery_seal) unless -SkipSealStatus. The Verdict is one of Healthy, KmsReachableVaultSealed, KeyDisabled, KeyPendingDeletion, KeyUnavailable, AccessDenied, KeyNotFound, KmsThrottled, KmsUnreachable, KmsError or NotAutoUnseal, and NextStep says what the runbook does next. A bad verdict is an answer, not an error.</para>
/// <example><code>Get-VaultSealStatus -Address $nodes | Where-Object Sealed | Test-VaultAutoUnseal -KeyId alias/vault-unseal | Format-List Address, Verdict, NextStep</code><para>For each sealed node, checks the KMS key it unseals with and prints the verdict and the next step.</para></example>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VaultAutoUnseal")]
[OutputType(EngineTypeNames.AutoUnsealDiagnosis)]
public sealed class TestVaultAutoUnsealCommand : VaultCmdlet
{
    /// <summary>The KMS key Vault's seal "awskms" stanza names (kms_key_id): a key id, key ARN, alias/name or alias ARN.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("KmsKeyId")]
    public string KeyId { get; set; } = string.Empty;

    /// <summary>The Vault node whose seal status to read; a URL or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Check only KMS; do not read the node's seal status.</summary>
    [Parameter]
    public SwitchParameter SkipSealStatus { get; set; }

    /// <summary>The AWS region; defaults to AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.</summary>
    [Parameter]
    [PSDefaultValue(Help = "AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region")]
    public string? Region { get; set; }

    /// <summary>The shared-credentials/config profile to use; without it, AWSSDK.Core's default chain.</summary>
    [Parameter]
    [Alias("Profile")]
    [PSDefaultValue(Help = "AWSSDK.Core's default credential chain")]
    public string? ProfileName { get; set; }

    /// <summary>The KMS endpoint to call instead of AWS's regional one; defaults to AWS_ENDPOINT_URL_KMS, then AWS_ENDPOINT_URL.</summary>
    [Parameter]
    [PSDefaultValue(Help = "AWS_ENDPOINT_URL_KMS, else AWS_ENDPOINT_URL, else the regional endpoint")]
    public string? EndpointUrl { get; set; }

    protected override void ProcessRecord()
    {
        VaultSealStatus? seal = null;
        string? sealError = null;
        if (!SkipSealStatus.IsPresent)
        {
            var settings = ResolveSettings(Address?.Address);
            try
            {
                seal = Run(ct => ClientFor(settings).GetSealStatusAsync(ct));
            }
            catch (EngineException ex)
            {
                sealError = $"{ex.ErrorId}: {ex.Message}";
            }
        }

        AutoUnsealDiagnosis diagnosis;
        try
        {
            var aws = AwsConnection.Resolve(Region, ProfileName, EndpointUrl);
            diagnosis = Run(ct => AutoUnsealCheck.RunAsync(aws, KeyId, seal, sealError, ct));
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex, KeyId);
            return;
        }

        WriteObject(diagnosis);
    }
}
