using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// keysutil's SignWithOptions and VerifySignatureWithOptions for the sandbox's key types: the
/// version checks, the signature "vault:v&lt;N&gt;:&lt;base64&gt;", ECDSA in ASN.1 DER or JWS r||s,
/// ed25519 over the raw input, RSA PSS or PKCS #1 v1.5. Errors carry Vault's texts: 400 for
/// Vault's user errors, 500 for its internal ones.
/// </summary>
internal static class TransitSigner
{
    public const string Prefix = "vault:v";

    /// <summary>Signs <paramref name="input"/> (already hashed when the type hashes) with version <paramref name="version"/> (0: latest).</summary>
    public static (string? Signature, int Version, CoreError? Error) Sign(TransitKey key, int version, byte[] input, TransitSignOptions options)
    {
        if (version == 0)
        {
            version = key.LatestVersion;
        }
        else if (version < 0)
        {
            return Fail("requested version for signing is negative");
        }
        else if (version > key.LatestVersion)
        {
            return Fail("requested version for signing is higher than the latest key version");
        }
        else if (key.MinEncryptionVersion > 0 && version < key.MinEncryptionVersion)
        {
            return Fail("requested version for signing is less than the minimum encryption key version");
        }

        if (key.Version(version) is not { } entry)
        {
            return Fail("no such key version");
        }

        byte[] signature;
        byte[] material = Convert.FromBase64String(entry.Material);
        try
        {
            if (TransitKeyType.IsEcdsa(key.Type))
            {
                using ECDsa ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(material, out _);
                signature = ecdsa.SignHash(input, options.Marshaling == TransitSignOptions.Jws
                    ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation
                    : DSASignatureFormat.Rfc3279DerSequence);
            }
            else if (key.Type == "ed25519")
            {
                signature = Ed25519.Sign(material, input);
            }
            else
            {
                RSAParameters rsa = RsaParameters(material);
                switch (options.SignatureAlgorithm)
                {
                    case "" or "pss":
                        if (!ValidSalt(rsa, options))
                        {
                            return Fail($"requested salt length {options.SaltLength} is invalid");
                        }

                        signature = RsaSignature.SignPss(rsa, options.Hash, input, options.SaltLength);
                        break;
                    case "pkcs1v15":
                        signature = RsaSignature.SignPkcs1(rsa, options.Hash, input);
                        break;
                    default:
                        return Fail($"unsupported rsa signature algorithm {options.SignatureAlgorithm}", 500);
                }
            }
        }
        catch (CryptographicException e)
        {
            return Fail(e.Message, 500);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }

        string encoded = options.Marshaling == TransitSignOptions.Jws ? GoBase64.EncodeRawUrl(signature) : Convert.ToBase64String(signature);
        return (Prefix + version.ToString(CultureInfo.InvariantCulture) + ":" + encoded, version, null);
    }

    /// <summary>Whether <paramref name="signature"/> ("vault:vN:...") signs <paramref name="input"/>; a malformed one is an error.</summary>
    public static (bool Valid, CoreError? Error) Verify(TransitKey key, byte[] input, string signature, TransitSignOptions options)
    {
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Invalid("invalid signature: no prefix");
        }

        string[] parts = signature[Prefix.Length..].Split(':', 2);
        if (parts.Length != 2)
        {
            return Invalid("invalid signature: wrong number of fields");
        }

        if (!int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int version))
        {
            return Invalid("invalid signature: version number could not be decoded");
        }

        if (version > key.LatestVersion)
        {
            return Invalid("invalid signature: version is too new");
        }

        if (key.MinDecryptionVersion > 0 && version < key.MinDecryptionVersion)
        {
            return Invalid("ciphertext or signature version is disallowed by policy (too old)");
        }

        byte[]? bytes = options.Marshaling == TransitSignOptions.Jws ? GoBase64.DecodeRawUrl(parts[1]) : GoBase64.DecodeStd(parts[1], out _);
        if (bytes is null)
        {
            return Invalid("invalid base64 signature value");
        }

        if (key.Version(version) is not { } entry)
        {
            return Invalid("no such key version");
        }

        byte[] material = Convert.FromBase64String(entry.Material);
        try
        {
            if (TransitKeyType.IsEcdsa(key.Type))
            {
                return VerifyEcdsa(key.Type, material, input, bytes, options.Marshaling);
            }

            if (key.Type == "ed25519")
            {
                return (Ed25519.Verify(Convert.FromBase64String(entry.PublicKey!), input, bytes), null);
            }

            RSAParameters rsa = RsaParameters(material);
            switch (options.SignatureAlgorithm)
            {
                case "" or "pss":
                    return ValidSalt(rsa, options)
                        ? (RsaSignature.VerifyPss(rsa, options.Hash, input, bytes, options.SaltLength), null)
                        : Invalid($"requested salt length {options.SaltLength} is invalid");
                case "pkcs1v15":
                    return (RsaSignature.VerifyPkcs1(rsa, options.Hash, input, bytes), null);
                default:
                    return (false, new CoreError(500, $"unsupported rsa signature algorithm {options.SignatureAlgorithm}"));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static (bool Valid, CoreError? Error) VerifyEcdsa(string type, byte[] material, byte[] digest, byte[] signature, string marshaling)
    {
        BigInteger r, s;
        if (marshaling == TransitSignOptions.Jws)
        {
            int half = signature.Length / 2;
            r = new BigInteger(signature.AsSpan(0, half), isUnsigned: true, isBigEndian: true);
            s = new BigInteger(signature.AsSpan(half), isUnsigned: true, isBigEndian: true);
        }
        else
        {
            try
            {
                var reader = new AsnReader(signature, AsnEncodingRules.DER);
                AsnReader sequence = reader.ReadSequence();
                r = sequence.ReadInteger();
                s = sequence.ReadInteger();
                sequence.ThrowIfNotEmpty();
                if (reader.HasData)
                {
                    return Invalid("supplied signature contains extra data");
                }
            }
            catch (AsnContentException)
            {
                return Invalid("supplied signature is invalid");
            }
        }

        int size = TransitKeyType.Curve(type).Bytes;
        if (r.Sign <= 0 || s.Sign <= 0 || r.GetByteCount(isUnsigned: true) > size || s.GetByteCount(isUnsigned: true) > size)
        {
            return (false, null);
        }

        byte[] fixedRs = new byte[2 * size];
        r.TryWriteBytes(fixedRs.AsSpan(size - r.GetByteCount(isUnsigned: true), r.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        s.TryWriteBytes(fixedRs.AsSpan((2 * size) - s.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        using ECDsa ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(material, out _);
        return (ecdsa.VerifyHash(digest, fixedRs, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), null);
    }

    /// <summary>keysutil's validRSAPSSSaltLength: from "hash" (-1) up to the longest salt the key holds.</summary>
    private static bool ValidSalt(RSAParameters rsa, TransitSignOptions options) =>
        options.SaltLength >= RsaSignature.SaltEqualsHash && options.SaltLength <= RsaSignature.MaxSaltLength(RsaSignature.Bits(rsa), options.Hash.Size);

    private static RSAParameters RsaParameters(byte[] pkcs8)
    {
        using RSA rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa.ExportParameters(includePrivateParameters: true);
    }

    private static (string? Signature, int Version, CoreError? Error) Fail(string message, int status = 400) =>
        (null, 0, new CoreError(status, message));

    private static (bool Valid, CoreError? Error) Invalid(string message) => (false, new CoreError(400, message));
}
