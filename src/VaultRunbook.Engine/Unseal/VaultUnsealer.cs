using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Unseal;

/// <summary>
/// Unseals one node with key shares: submits shares only while the node is sealed and stops as soon as it
/// reports unsealed; leaves an unsealed node alone; reads Vault's answer at the threshold step (any 4xx/5xx
/// means the combined key was wrong, and Vault has cleared the attempt) and re-reads seal-status after.
/// </summary>
public sealed class VaultUnsealer
{
    private readonly IVaultClient _client;

    public VaultUnsealer(IVaultClient client) => _client = client;

    /// <summary>
    /// The shares this node still needs (threshold minus progress), or 0 when it is unsealed. Throws
    /// <see cref="VaultOperationException"/> when shares cannot help: not initialised, or auto-unseal.
    /// </summary>
    public async Task<(VaultSealStatus Status, int Needed)> CheckAsync(CancellationToken cancellationToken)
    {
        var status = await _client.GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
        EnsureUnsealableWithShares(status);
        return (status, status.Sealed ? Math.Max(1, status.Threshold - status.Progress) : 0);
    }

    public async Task<UnsealOutcome> UnsealAsync(IReadOnlyList<UnsealKeyShare> shares, IProgress<UnsealProgress>? progress, CancellationToken cancellationToken)
    {
        var address = _client.Settings.AddressText;
        var problems = new List<UnsealProblem>();
        var warnings = new List<string>();
        var (status, _) = await CheckAsync(cancellationToken).ConfigureAwait(false);
        var submitted = 0;

        foreach (var share in shares)
        {
            if (!status.Sealed)
            {
                break;
            }

            var before = status;
            try
            {
                status = await _client.SubmitUnsealKeyAsync(share.Value.Reveal(), cancellationToken).ConfigureAwait(false);
                submitted++;
            }
            catch (VaultApiException ex)
            {
                submitted++;
                var atThreshold = before.Progress + 1 >= before.Threshold;
                status = await _client.GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
                problems.Add(atThreshold
                    ? new UnsealProblem(
                        "VaultRunbook.Unseal.KeyRejected",
                        ErrorKind.InvalidData,
                        $"Vault at {address} rejected the combined key when the share from {share.Source} completed the threshold ({before.Threshold}): at least one share is wrong or belongs to another cluster. Vault discarded the attempt; progress is now {status.Progress}/{status.Threshold}. ({Sanitize(ex.Message, share)})",
                        address)
                    : new UnsealProblem(
                        "VaultRunbook.Unseal.ShareRejected",
                        ErrorKind.InvalidData,
                        $"Vault at {address} rejected the share from {share.Source}; progress is {status.Progress}/{status.Threshold}. ({Sanitize(ex.Message, share)})",
                        address));
                if (atThreshold)
                {
                    break;
                }

                continue;
            }

            if (status.Sealed && status.Progress <= before.Progress && before.Progress > 0 && status.Nonce == before.Nonce)
            {
                warnings.Add($"Vault at {address} had already received the share from {share.Source} in this attempt; it was not counted again.");
            }

            progress?.Report(new UnsealProgress(address, status.Sealed ? status.Progress : status.Threshold, status.Threshold));
        }

        if (status.Sealed && problems.Count == 0)
        {
            problems.Add(new UnsealProblem(
                "VaultRunbook.Unseal.NotEnoughShares",
                ErrorKind.ResourceUnavailable,
                $"Vault at {address} is still sealed: progress {status.Progress}/{status.Threshold} after {submitted} share(s). Supply {Math.Max(1, status.Threshold - status.Progress)} more, or -Reset to start over.",
                address));
        }

        return new UnsealOutcome(status, submitted, problems, warnings);
    }

    public async Task<VaultSealStatus> ResetAsync(CancellationToken cancellationToken)
    {
        var status = await _client.GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
        EnsureUnsealableWithShares(status);
        return status.Sealed ? await _client.ResetUnsealAsync(cancellationToken).ConfigureAwait(false) : status;
    }

    private void EnsureUnsealableWithShares(VaultSealStatus status)
    {
        var address = _client.Settings.AddressText;
        if (!status.Initialized)
        {
            throw new VaultOperationException(
                "VaultRunbook.Unseal.NotInitialized",
                ErrorKind.InvalidOperation,
                $"Vault at {address} is not initialized, so it has no key shares to unseal with. Initialize it first (vault operator init).",
                address);
        }

        if (status.Sealed && status.RecoverySeal)
        {
            throw new VaultOperationException(
                "VaultRunbook.Unseal.AutoUnseal",
                ErrorKind.InvalidOperation,
                $"Vault at {address} uses {status.Type} auto-unseal; recovery keys cannot unseal it. Check that the node can reach its seal (for awskms: the KMS key, its policy and the node's credentials) and restart it.",
                address);
        }
    }

    // Vault's messages carry no key material, but make sure even a misbehaving peer's echo cannot leak one.
    private static string Sanitize(string message, UnsealKeyShare share) =>
        share.Value.Length > 0 ? message.Replace(share.Value.Reveal(), "********", StringComparison.Ordinal) : message;
}
