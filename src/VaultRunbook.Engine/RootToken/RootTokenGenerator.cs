using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Unseal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.RootToken;

/// <summary>
/// The key holders' part of a root token generation: submits shares for one attempt until it completes, and the
/// whole flow in one step (start with a node-made OTP, submit, decode). The whole flow cancels the attempt it
/// started when it cannot finish it, so a failed run leaves no attempt behind to block the next one.
/// </summary>
public sealed class RootTokenGenerator
{
    private readonly IVaultClient _client;

    public RootTokenGenerator(IVaultClient client) => _client = client;

    /// <summary>
    /// Submits <paramref name="shares"/> in order to the attempt with <paramref name="nonce"/> (the running attempt's
    /// when null), stopping when it completes. Returns the last status and how many shares were sent. A refused
    /// share throws (<see cref="RootTokenErrors"/>).
    /// </summary>
    public async Task<(RootTokenGenerationStatus Status, int Submitted)> SubmitAsync(
        IReadOnlyList<UnsealKeyShare> shares,
        string? nonce,
        IProgress<RootTokenGenerationStatus>? progress,
        CancellationToken cancellationToken)
    {
        var status = await _client.GetRootTokenGenerationAsync(cancellationToken).ConfigureAwait(false);
        if (!status.Started)
        {
            throw new VaultOperationException(
                RootTokenErrors.NotStarted,
                ErrorKind.InvalidOperation,
                $"No root token generation is running on {_client.Settings.AddressText}; start one with Start-VaultRootTokenGeneration.",
                _client.Settings.AddressText);
        }

        nonce = string.IsNullOrEmpty(nonce) ? status.Nonce : nonce;
        var submitted = 0;
        foreach (var share in shares)
        {
            status = await _client.SubmitRootTokenKeyAsync(share.Value, nonce, cancellationToken).ConfigureAwait(false);
            submitted++;
            progress?.Report(status);
            if (status.Complete)
            {
                break;
            }
        }

        return (status, submitted);
    }

    /// <summary>Starts an attempt, submits the shares, decodes the new root token.</summary>
    public async Task<GeneratedRootToken> GenerateAsync(
        IReadOnlyList<UnsealKeyShare> shares,
        IProgress<RootTokenGenerationStatus>? progress,
        CancellationToken cancellationToken)
    {
        var address = _client.Settings.AddressText;
        var started = await _client.StartRootTokenGenerationAsync(otp: null, cancellationToken).ConfigureAwait(false);
        if (started.Otp is null)
        {
            await CancelQuietlyAsync().ConfigureAwait(false);
            throw new VaultOperationException(
                RootTokenErrors.InvalidOtp,
                ErrorKind.InvalidResult,
                $"{address} started the root token generation without returning an OTP (a legacy or PGP-only server); the attempt was cancelled.",
                address);
        }

        progress?.Report(started);
        try
        {
            var (status, submitted) = await SubmitAsync(shares, started.Nonce, progress, cancellationToken).ConfigureAwait(false);
            if (!status.Complete || status.EncodedToken is null)
            {
                throw new VaultOperationException(
                    "VaultRunbook.RootToken.NotEnoughShares",
                    ErrorKind.InvalidArgument,
                    $"{address} needs {status.Required} key shares to generate a root token; {submitted} were given. The attempt was cancelled.",
                    address);
            }

            return new GeneratedRootToken(address, started.Nonce, submitted, RootTokenDecoder.Decode(status.EncodedToken, started.Otp));
        }
        catch (EngineException)
        {
            await CancelQuietlyAsync().ConfigureAwait(false);
            throw;
        }

        async Task CancelQuietlyAsync()
        {
            try
            {
                await _client.CancelRootTokenGenerationAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (EngineException)
            {
                // The original failure is what the caller needs; a leftover attempt shows in Get-VaultRootTokenGeneration.
            }
        }
    }
}
