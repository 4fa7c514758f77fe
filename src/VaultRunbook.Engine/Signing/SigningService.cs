using System.Net;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// Signs through transit and, when Vault stays down after the client's retries (3 attempts with exponential backoff
/// and jitter), with the local fallback key if fallback is allowed. A 4xx answer is not an outage: it is neither
/// retried nor worked around. Error ids: VaultRunbook.Signing.KeyNotFound, VaultRunbook.Signing.VaultUnavailable
/// (fallback not allowed), and the fallback key file's.
/// </summary>
public sealed class SigningService
{
    private readonly TransitApi _transit;
    private readonly TimeProvider _clock;

    public SigningService(TransitApi transit, TimeProvider? clock = null)
    {
        _transit = transit;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Signs <paramref name="input"/> with <paramref name="keyName"/>. <paramref name="fallbackAllowed"/> is asked only
    /// when Vault failed; <paramref name="openFallbackKey"/> opens the fallback key only then too.
    /// </summary>
    public async Task<SignatureRecord> SignAsync(
        string keyName,
        SigningInput input,
        Func<CancellationToken, Task<bool>> fallbackAllowed,
        Func<FallbackSigningKey> openFallbackKey,
        CancellationToken cancellationToken) =>
        (await SignCoreAsync(
            keyName,
            [input],
            async ct =>
            {
                var (signature, version, attempts) = await _transit.SignAsync(keyName, input, ct).ConfigureAwait(false);
                return ([(signature, version)], attempts);
            },
            fallbackAllowed,
            openFallbackKey,
            cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Signs many inputs in one transit request (batch_input); during an outage the fallback key signs them all.</summary>
    public Task<IReadOnlyList<SignatureRecord>> SignBatchAsync(
        string keyName,
        IReadOnlyList<SigningInput> inputs,
        Func<CancellationToken, Task<bool>> fallbackAllowed,
        Func<FallbackSigningKey> openFallbackKey,
        CancellationToken cancellationToken) =>
        SignCoreAsync(keyName, inputs, ct => _transit.SignBatchAsync(keyName, inputs, ct), fallbackAllowed, openFallbackKey, cancellationToken);

    private async Task<IReadOnlyList<SignatureRecord>> SignCoreAsync(
        string keyName,
        IReadOnlyList<SigningInput> inputs,
        Func<CancellationToken, Task<(IReadOnlyList<(string Signature, int KeyVersion)> Signatures, int Attempts)>> throughVault,
        Func<CancellationToken, Task<bool>> fallbackAllowed,
        Func<FallbackSigningKey> openFallbackKey,
        CancellationToken cancellationToken)
    {
        EngineException outage;
        try
        {
            var (signatures, attempts) = await throughVault(cancellationToken).ConfigureAwait(false);
            return inputs.Select((input, i) => Record(keyName, input, signatures[i].Signature, signatures[i].KeyVersion, SigningMode.Vault, attempts)).ToArray();
        }
        catch (VaultUnreachableException ex)
        {
            outage = ex;
        }
        catch (VaultApiException ex) when (IsOutage(ex.StatusCode))
        {
            outage = ex;
        }
        catch (VaultInvalidResponseException ex)
        {
            outage = ex;
        }

        var attemptsMade = outage switch
        {
            VaultUnreachableException u => u.Attempts,
            VaultApiException a => a.Attempts,
            _ => 1,
        };
        if (!await fallbackAllowed(cancellationToken).ConfigureAwait(false))
        {
            throw new SigningException(
                "VaultRunbook.Signing.VaultUnavailable",
                ErrorKind.ResourceUnavailable,
                $"Vault did not sign with '{keyName}' after {attemptsMade} attempt(s): {outage.Message} Fallback signing is not allowed: pass -AllowFallback, set ALLOW_FALLBACK_SIGNING=true, or run Enable-FallbackSigning.",
                keyName,
                outage) { Attempts = attemptsMade };
        }

        using var key = openFallbackKey();
        return inputs.Select(input => Record(keyName, input, key.Sign(input.Digest), key.Version, SigningMode.Fallback, attemptsMade) with
        {
            FallbackKeyId = key.KeyId,
            FallbackReason = outage.Message,
        }).ToArray();
    }

    /// <summary>An answer that means Vault cannot sign now (sealed, overloaded, erroring), not that the request is wrong.</summary>
    public static bool IsOutage(HttpStatusCode status) => (int)status is >= 500 or 412 or 429;

    private SignatureRecord Record(string keyName, SigningInput input, string signature, int version, SigningMode mode, int attempts) => new()
    {
        Signature = signature,
        KeyName = keyName,
        KeyVersion = version,
        SigningMode = mode,
        Attempts = attempts,
        SignedAt = _clock.GetUtcNow(),
        InputDigest = input.DigestHex,
        Mount = _transit.Mount,
        Address = _transit.Address,
    };
}
