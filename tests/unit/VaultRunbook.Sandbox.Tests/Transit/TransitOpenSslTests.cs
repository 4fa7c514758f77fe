using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>
/// Real cryptography: every key type's signature, taken from the sandbox's answer and the public key
/// from GET keys/:name, verifies with the openssl command outside the sandbox (and a changed input
/// does not).
/// </summary>
public sealed class TransitOpenSslTests
{
    private static readonly byte[] Input = Encoding.UTF8.GetBytes("release manifest v42\n");

    [Theory]
    [InlineData("ecdsa-p256", "sha2-256", "sha256")]
    [InlineData("ecdsa-p256", "sha2-224", "sha224")]
    [InlineData("ecdsa-p256", "sha2-512", "sha512")]
    [InlineData("ecdsa-p384", "sha2-384", "sha384")]
    [InlineData("ecdsa-p521", "sha2-512", "sha512")]
    public async Task Ecdsa_asn1_signatures_verify_with_openssl_dgst(string type, string hash, string digest)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", type);

        System.Text.Json.JsonElement data = await SignAsync(harness, "ec", new { input = Convert.ToBase64String(Input), hash_algorithm = hash });

        string signature = data.GetProperty("signature").GetString()!;
        Assert.StartsWith("vault:v1:", signature, StringComparison.Ordinal);
        Assert.Equal(1, data.GetProperty("key_version").GetInt32());
        using var openssl = new OpenSsl();
        string pem = await PublicKeyAsync(harness, "ec");
        openssl.AssertDgstVerifies(pem, SignatureBytes(signature), Input, digest);
        openssl.AssertDgstRejects(pem, SignatureBytes(signature), Encoding.UTF8.GetBytes("release manifest v43\n"), digest);
    }

    [Fact]
    public async Task The_hash_in_the_url_overrides_the_body_as_in_vault()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");

        System.Text.Json.JsonElement data = await SignAsync(harness, "ec/sha2-384", new { input = Convert.ToBase64String(Input), hash_algorithm = "sha2-256" });

        using var openssl = new OpenSsl();
        openssl.AssertDgstVerifies(await PublicKeyAsync(harness, "ec"), SignatureBytes(data.GetProperty("signature").GetString()!), Input, "sha384");
    }

    [Fact]
    public async Task Rsa_pss_by_default_uses_the_longest_salt_as_go_does()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "rsa", "rsa-2048");

        System.Text.Json.JsonElement data = await SignAsync(harness, "rsa", new { input = Convert.ToBase64String(Input) });

        // Vault's salt_length "auto" is Go's PSSSaltLengthAuto: when signing, the longest salt (256 - 32 - 2 = 222 bytes).
        byte[] signature = SignatureBytes(data.GetProperty("signature").GetString()!);
        Assert.Equal(256, signature.Length);
        using var openssl = new OpenSsl();
        string pem = await PublicKeyAsync(harness, "rsa");
        openssl.AssertDgstVerifies(pem, signature, Input, "sha256", "rsa_padding_mode:pss", "rsa_pss_saltlen:222");
        openssl.AssertDgstRejects(pem, signature, Input, "sha256", "rsa_padding_mode:pss", "rsa_pss_saltlen:32");
    }

    [Fact]
    public async Task Rsa_pss_with_salt_length_hash_verifies_with_openssl_and_dotnet()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "rsa", "rsa-2048");

        System.Text.Json.JsonElement data = await SignAsync(harness, "rsa", new { input = Convert.ToBase64String(Input), salt_length = "hash", hash_algorithm = "sha2-512" });

        byte[] signature = SignatureBytes(data.GetProperty("signature").GetString()!);
        string pem = await PublicKeyAsync(harness, "rsa");
        using var openssl = new OpenSsl();
        openssl.AssertDgstVerifies(pem, signature, Input, "sha512", "rsa_padding_mode:pss", "rsa_pss_saltlen:digest");
        using RSA rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        Assert.True(rsa.VerifyData(Input, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss));
    }

    [Theory]
    [InlineData("rsa-2048", "sha2-256", "sha256")]
    [InlineData("rsa-2048", "sha2-224", "sha224")]
    [InlineData("rsa-3072", "sha2-384", "sha384")]
    public async Task Rsa_pkcs1v15_signatures_verify_with_openssl_dgst(string type, string hash, string digest)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "rsa", type);

        System.Text.Json.JsonElement data = await SignAsync(harness, "rsa", new { input = Convert.ToBase64String(Input), signature_algorithm = "pkcs1v15", hash_algorithm = hash });

        using var openssl = new OpenSsl();
        string pem = await PublicKeyAsync(harness, "rsa");
        openssl.AssertDgstVerifies(pem, SignatureBytes(data.GetProperty("signature").GetString()!), Input, digest);
        openssl.AssertDgstRejects(pem, SignatureBytes(data.GetProperty("signature").GetString()!), [.. Input, 0], digest);
    }

    [Fact]
    public async Task Ed25519_signs_the_raw_input_and_openssl_verifies_it_with_the_key_wrapped_as_spki()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ed", "ed25519");

        // hash_algorithm is ignored for ed25519 (PureEdDSA signs the message itself).
        System.Text.Json.JsonElement data = await SignAsync(harness, "ed", new { input = Convert.ToBase64String(Input), hash_algorithm = "sha2-512" });

        byte[] signature = SignatureBytes(data.GetProperty("signature").GetString()!);
        Assert.Equal(64, signature.Length);
        byte[] raw = Convert.FromBase64String(await PublicKeyAsync(harness, "ed"));
        Assert.Equal(32, raw.Length);
        using var openssl = new OpenSsl();
        string pem = SpkiPem(raw);
        (int code, string output) = openssl.PkeyutlVerify(pem, signature, Input);
        Assert.True(code == 0 && output.Contains("Signature Verified Successfully", StringComparison.Ordinal), output);
        (int badCode, _) = openssl.PkeyutlVerify(pem, signature, Encoding.UTF8.GetBytes("release manifest v43\n"));
        Assert.NotEqual(0, badCode);
    }

    [Fact]
    public void Ed25519_matches_the_rfc8032_test_vector_one()
    {
        // RFC 8032 §7.1 TEST 1: an independent check of the sandbox's own Ed25519 arithmetic.
        byte[] seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = Sandbox.Transit.Ed25519.PublicKey(seed);
        byte[] signature = Sandbox.Transit.Ed25519.Sign(seed, []);

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexString(publicKey).ToLowerInvariant());
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexString(signature).ToLowerInvariant());
        Assert.True(Sandbox.Transit.Ed25519.Verify(publicKey, [], signature));
        signature[10] ^= 1;
        Assert.False(Sandbox.Transit.Ed25519.Verify(publicKey, [], signature));
    }

    [Fact]
    public async Task A_prehashed_input_is_signed_as_the_digest_of_the_original()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        await CreateKeyAsync(harness, "rsa", "rsa-2048");
        byte[] digest = SHA256.HashData(Input);

        System.Text.Json.JsonElement ec = await SignAsync(harness, "ec", new { input = Convert.ToBase64String(digest), prehashed = true });
        System.Text.Json.JsonElement rsa = await SignAsync(harness, "rsa", new { input = Convert.ToBase64String(digest), prehashed = true, signature_algorithm = "pkcs1v15" });

        using var openssl = new OpenSsl();
        openssl.AssertDgstVerifies(await PublicKeyAsync(harness, "ec"), SignatureBytes(ec.GetProperty("signature").GetString()!), Input, "sha256");
        openssl.AssertDgstVerifies(await PublicKeyAsync(harness, "rsa"), SignatureBytes(rsa.GetProperty("signature").GetString()!), Input, "sha256");
        Assert.True(await VerifyAsync(harness, "ec", new { input = Convert.ToBase64String(digest), prehashed = true, signature = ec.GetProperty("signature").GetString() }));
        Assert.False(await VerifyAsync(harness, "ec", new { input = Convert.ToBase64String(digest), signature = ec.GetProperty("signature").GetString() }));
    }

    [Fact]
    public async Task Jws_marshaling_is_raw_r_and_s_in_unpadded_base64url()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");

        System.Text.Json.JsonElement data = await SignAsync(harness, "ec", new { input = Convert.ToBase64String(Input), marshaling_algorithm = "jws" });

        string signature = data.GetProperty("signature").GetString()!;
        string encoded = signature.Split(':', 3)[2];
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        byte[] rs = Convert.FromBase64String(encoded.Replace('-', '+').Replace('_', '/').PadRight(88, '='));
        Assert.Equal(64, rs.Length);

        // The same r and s as DER is what openssl checks.
        var der = new AsnWriter(AsnEncodingRules.DER);
        using (der.PushSequence())
        {
            der.WriteInteger(new BigInteger(rs.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
            der.WriteInteger(new BigInteger(rs.AsSpan(32), isUnsigned: true, isBigEndian: true));
        }

        using var openssl = new OpenSsl();
        openssl.AssertDgstVerifies(await PublicKeyAsync(harness, "ec"), der.Encode(), Input, "sha256");
        Assert.True(await VerifyAsync(harness, "ec", new { input = Convert.ToBase64String(Input), signature, marshaling_algorithm = "jws" }));
        ApiResponse asAsn1 = await harness.RootAsync("POST", "/v1/transit/verify/ec", new { input = Convert.ToBase64String(Input), signature });
        Assert.Equal(400, asAsn1.Code);
    }

    /// <summary>An ed25519 public key wrapped as SubjectPublicKeyInfo (OID 1.3.101.112) in PEM, as openssl reads it.</summary>
    private static string SpkiPem(byte[] raw)
    {
        byte[] spki = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. raw];
        return new string(PemEncoding.Write("PUBLIC KEY", spki)) + "\n";
    }
}
