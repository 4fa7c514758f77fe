using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// Diagnoses AWS KMS auto-unseal from where it runs, through AWSSDK.KeyManagementService: DescribeKey (enabled?
/// pending deletion?), then an Encrypt/Decrypt round trip of 32 random bytes (does the role really hold kms:Encrypt
/// and kms:Decrypt?), combined with the node's seal status into one verdict.
/// </summary>
public sealed class AutoUnsealCheck
{
    private readonly IAmazonKeyManagementService _kms;

    public AutoUnsealCheck(IAmazonKeyManagementService kms)
    {
        _kms = kms;
    }

    /// <summary>A KMS client for the settings (endpoint override, region, retries as the SDK's standard mode).</summary>
    public static IAmazonKeyManagementService CreateClient(AwsSettings settings, AWSCredentials credentials) =>
        new AmazonKeyManagementServiceClient(credentials, new AmazonKeyManagementServiceConfig
        {
            ServiceURL = settings.EndpointFor("kms").ToString(),
            AuthenticationRegion = settings.Region,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = Math.Max(0, settings.Retry.MaxAttempts - 1),
            Timeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>Runs the check with a KMS client for <paramref name="settings"/> and the credentials its chain resolves.</summary>
    public static async Task<AutoUnsealDiagnosis> RunAsync(AwsSettings settings, string keyId, VaultSealStatus? seal, string? sealError, CancellationToken cancellationToken)
    {
        using var kms = CreateClient(settings, await settings.CredentialsAsync().ConfigureAwait(false));
        return await new AutoUnsealCheck(kms).RunAsync(keyId, seal, sealError, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AutoUnsealDiagnosis> RunAsync(string keyId, VaultSealStatus? seal, string? sealError, CancellationToken cancellationToken)
    {
        var baseline = new AutoUnsealDiagnosis
        {
            Address = seal?.Address,
            KeyId = keyId,
            RoundTrip = "Skipped",
            SealType = seal?.Type,
            Sealed = seal?.Sealed,
            RecoverySeal = seal?.RecoverySeal,
            SealStatusError = sealError,
            Verdict = string.Empty,
            NextStep = string.Empty,
        };

        KeyMetadata metadata;
        try
        {
            metadata = (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata;
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            return Verdict(baseline, "DescribeKey", failure.Code, failure.Message);
        }

        var state = metadata.KeyState?.Value;
        var described = baseline with
        {
            KeyArn = metadata.Arn,
            KeyState = state,
            KeyEnabled = metadata.Enabled,
            DeletionDate = metadata.DeletionDate is { } deletion ? new DateTimeOffset(DateTime.SpecifyKind(deletion, DateTimeKind.Utc)) : null,
        };
        if (state != "Enabled")
        {
            return Verdict(described, null, null, null);
        }

        var blob = RandomNumberGenerator.GetBytes(32);
        string operation = "Encrypt";
        try
        {
            var encrypted = await _kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(blob) }, cancellationToken).ConfigureAwait(false);
            operation = "Decrypt";
            var decrypted = await _kms.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = encrypted.CiphertextBlob }, cancellationToken).ConfigureAwait(false);
            if (!CryptographicOperations.FixedTimeEquals(decrypted.Plaintext.ToArray(), blob))
            {
                return Verdict(described with { RoundTrip = "Failed" }, "Decrypt", "RoundTripMismatch", "Decrypt did not give back the bytes Encrypt was given.");
            }
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            return Verdict(described with { RoundTrip = "Failed" }, operation, failure.Code, failure.Message);
        }

        return Verdict(described with { RoundTrip = "Passed" }, null, null, null);
    }

    private static (string Code, string Message)? Failure(Exception ex) => ex switch
    {
        AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) => (service.ErrorCode, service.Message),
        AmazonServiceException or HttpRequestException or AmazonClientException => ("Unreachable", ex.Message),
        TaskCanceledException => ("Unreachable", "KMS did not answer in time."),
        _ => null,
    };

    private static AutoUnsealDiagnosis Verdict(AutoUnsealDiagnosis d, string? operation, string? code, string? message)
    {
        var key = d.KeyArn ?? d.KeyId;
        var (verdict, next) = (code, d.KeyState) switch
        {
            (null, "Disabled") => ("KeyDisabled", $"The KMS key is disabled: re-enable it (aws kms enable-key --key-id {key}), then restart the Vault node or wait for its next unseal attempt."),
            (null, "PendingDeletion" or "PendingReplicaDeletion") => ("KeyPendingDeletion", $"The KMS key is scheduled for deletion{(d.DeletionDate is { } at ? $" on {at:u}" : string.Empty)}: cancel it now (aws kms cancel-key-deletion --key-id {key}), enable it (aws kms enable-key --key-id {key}), then restart Vault. Once deleted, Vault's data cannot be unsealed."),
            (null, not "Enabled") => ("KeyUnavailable", $"The KMS key is in state '{d.KeyState}' and cannot be used: wait for it to become Enabled (or fix its key material/custom key store), then restart Vault."),
            ("DisabledException", _) => ("KeyDisabled", $"The KMS key is disabled: re-enable it (aws kms enable-key --key-id {key}), then restart Vault."),
            ("KMSInvalidStateException", _) => ("KeyPendingDeletion", $"KMS refuses the key in its current state (pending deletion or unavailable): cancel the deletion (aws kms cancel-key-deletion --key-id {key}) and enable it, then restart Vault."),
            ({ } c, _) when c.Contains("AccessDenied", StringComparison.Ordinal) => ("AccessDenied", $"The role lacks kms:{operation} on the key: grant Vault's role kms:Encrypt, kms:Decrypt and kms:DescribeKey in the key policy or its IAM policy, then restart Vault."),
            ("NotFoundException", _) => ("KeyNotFound", "No such key in this account and region: check kms_key_id and region in Vault's seal \"awskms\" stanza against -KeyId and -Region."),
            ({ } c, _) when AwsErrors.IsThrottling(c) => ("KmsThrottled", "KMS throttled every attempt: wait and retry, and look for a caller exhausting the key's request quota."),
            ("Unreachable", _) => ("KmsUnreachable", "KMS cannot be reached from here: check the network path (VPC endpoint, proxy, security groups, DNS) to the KMS endpoint; Vault stays sealed until it can reach KMS."),
            (not null, _) => ("KmsError", $"KMS refused {operation} with {code}: fix what it names, then run Test-VaultAutoUnseal again."),
            _ when d.SealType is not null && d.SealType != "awskms" => ("NotAutoUnseal", $"The node's seal type is '{d.SealType}', not awskms: it unseals with key shares (Invoke-VaultUnseal), or its seal stanza is not the one expected."),
            _ when d.Sealed == true => ("KmsReachableVaultSealed", "KMS works from here with this role: check the node's own path to KMS (its instance role, VPC endpoint, the seal stanza's kms_key_id and region) and its log, then restart Vault."),
            _ => ("Healthy", d.Sealed == false ? "The key is usable and the node is unsealed: nothing to do." : "The key is usable with this role; the node's seal status was not read (pass -Address to include it)."),
        };
        return d with { Verdict = verdict, NextStep = next, AwsErrorCode = code, FailedOperation = operation, Detail = message };
    }
}
