using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// Checks a signature: vault:v&lt;N&gt; through transit verify, or, when Vault cannot be reached, locally with the
/// key's exported public key; fallback:v&lt;N&gt; locally against the fallback key file's public keys (current and
/// previous). A signature that does not match is a result with Valid=false and a reason, never an exception.
/// </summary>
public sealed class SignatureVerifier
{
    private readonly TransitApi? _transit;
    private readonly Func<string, int, string?> _knownPublicKey;
    private readonly Func<IReadOnlyList<FallbackPublicKey>?> _fallbackKeys;

    /// <param name="transit">Vault's transit engine, or null to check vault signatures locally only.</param>
    /// <param name="knownPublicKey">A transit public key (PEM) known without asking Vault, by key name and version; or null.</param>
    /// <param name="fallbackKeys">The fallback key file's public keys; null when there is no key file.</param>
    public SignatureVerifier(TransitApi? transit, Func<string, int, string?> knownPublicKey, Func<IReadOnlyList<FallbackPublicKey>?> fallbackKeys)
    {
        _transit = transit;
        _knownPublicKey = knownPublicKey;
        _fallbackKeys = fallbackKeys;
    }

    /// <exception cref="SigningException">VaultRunbook.Signing.KeyNotFound; VaultRunbook.Signing.NoPublicKey (Vault is
    /// down and the key's public key is not known).</exception>
    public async Task<SignatureVerification> VerifyAsync(string signature, string? keyName, SigningInput input, CancellationToken cancellationToken)
    {
        var parsed = SignatureText.TryParse(signature, out var reason);
        var result = new SignatureVerification { Valid = false, Reason = reason, Signature = signature, KeyName = keyName, Method = VerificationMethod.None, InputDigest = input.DigestHex };
        if (parsed is null)
        {
            return result;
        }

        result = result with { KeyVersion = parsed.Version, SigningMode = parsed.Mode };
        if (parsed.Mode == SigningMode.Fallback)
        {
            return VerifyFallback(parsed, input, result);
        }

        if (string.IsNullOrEmpty(keyName))
        {
            throw new SigningException("VaultRunbook.Signing.KeyNameRequired", ErrorKind.InvalidArgument, "A vault:v<N> signature is checked against a transit key: give -KeyName (a SignatureRecord carries it).", signature);
        }

        EngineException? outage = null;
        if (_transit is not null)
        {
            try
            {
                var (valid, problem) = await _transit.VerifyAsync(keyName, input, signature, cancellationToken).ConfigureAwait(false);
                return result with
                {
                    Valid = valid,
                    Method = VerificationMethod.Transit,
                    Reason = valid ? $"transit verify at {_transit.Address} ({keyName} v{parsed.Version})" : problem ?? $"the signature does not match the input (transit verify, {keyName} v{parsed.Version})",
                };
            }
            catch (VaultUnreachableException ex)
            {
                outage = ex;
            }
            catch (VaultApiException ex) when (SigningService.IsOutage(ex.StatusCode))
            {
                outage = ex;
            }
        }

        var pem = _knownPublicKey(keyName, parsed.Version)
            ?? throw new SigningException(
                "VaultRunbook.Signing.NoPublicKey",
                ErrorKind.ResourceUnavailable,
                $"Vault could not check the signature{(outage is null ? string.Empty : $" ({outage.Message.TrimEnd('.')})")} and the public key of {keyName} v{parsed.Version} is not known: give -PublicKeyPath (a PEM from GET transit/keys/{keyName}), or run Initialize-VaultTransit while Vault is up so this session keeps it.",
                signature,
                outage);
        var ok = PublicKeyVerifier.Verify(pem, input.Digest, parsed.Der);
        return result with
        {
            Valid = ok,
            Method = VerificationMethod.TransitPublicKey,
            Reason = ok ? $"{keyName} v{parsed.Version}'s exported public key (checked locally)" : $"the signature does not match the input ({keyName} v{parsed.Version}'s public key, checked locally)",
        };
    }

    private SignatureVerification VerifyFallback(SignatureText parsed, SigningInput input, SignatureVerification result)
    {
        var keys = _fallbackKeys();
        if (keys is null)
        {
            return result with { Reason = "it is a fallback signature and no fallback key file was found to check it with" };
        }

        var key = keys.FirstOrDefault(k => k.Version == parsed.Version);
        if (key is null)
        {
            return result with { Reason = $"fallback key version {parsed.Version} is not in the key file (it has {string.Join(", ", keys.Select(k => $"v{k.Version}"))})" };
        }

        var ok = PublicKeyVerifier.Verify(key.PublicKey, input.Digest, parsed.Der);
        return result with
        {
            Valid = ok,
            Method = VerificationMethod.FallbackKey,
            Reason = ok ? $"fallback key {key.KeyId} v{key.Version}" : $"the signature does not match the input (fallback key {key.KeyId} v{key.Version})",
        };
    }
}
