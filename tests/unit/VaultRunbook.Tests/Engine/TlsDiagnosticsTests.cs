using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// Issue 16 item 8: a bad CA bundle is reported as itself before anything is sent, and a refused server
/// certificate names the actual chain or name error (in curl's and the Vault CLI's words), against a TLS peer on
/// 127.0.0.1 with certificates made here.
/// </summary>
public sealed class TlsDiagnosticsTests : IDisposable
{
    private static readonly Lazy<Pki> Certificates = new(() => new Pki());
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WritePem(string name, string contents)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, contents);
        return path;
    }

    private static async Task<Exception?> CallAsync(RawHttpPeer peer, string? caPath)
    {
        using var client = new VaultHttpClient(new VaultConnectionSettings
        {
            Address = new Uri(peer.Address),
            CACertificatePath = caPath,
            MaxAttempts = 1,
            Timeout = TimeSpan.FromSeconds(20),
        });
        try
        {
            await client.GetHealthAsync(new HealthQuery(), CancellationToken.None);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static RawHttpPeer Peer(X509Certificate2 certificate) =>
        new(() => RawHttpPeer.Json(200, RepoPaths.Fixture("sys-health.active.200.json")), certificate);

    [Fact]
    public async Task A_server_signed_by_the_bundle_is_trusted()
    {
        using var peer = Peer(Certificates.Value.Good);

        var failure = await CallAsync(peer, WritePem("ca.pem", Certificates.Value.CaPem));

        Assert.Null(failure);
    }

    [Fact]
    public async Task Without_the_ca_the_error_says_unknown_authority()
    {
        using var peer = Peer(Certificates.Value.Good);

        var failure = await CallAsync(peer, null);

        var ex = Assert.IsType<VaultUnreachableException>(failure);
        Assert.Contains("x509: certificate signed by unknown authority", ex.Message);
        Assert.DoesNotContain("RemoteCertificateValidationCallback", ex.Message);
    }

    [Fact]
    public async Task A_bundle_of_another_ca_says_unknown_authority_and_names_the_bundle()
    {
        using var peer = Peer(Certificates.Value.Good);
        var bundle = WritePem("other-ca.pem", Certificates.Value.OtherCaPem);

        var failure = await CallAsync(peer, bundle);

        var ex = Assert.IsType<VaultUnreachableException>(failure);
        Assert.Contains("x509: certificate signed by unknown authority", ex.Message);
        Assert.Contains(bundle, ex.Message);
    }

    [Theory]
    [InlineData("expired", "x509: certificate has expired or is not yet valid: current time")]
    [InlineData("other-name", "x509: certificate is valid for vault.example, not 127.0.0.1")]
    public async Task A_certificate_from_the_trusted_ca_that_is_still_wrong_says_what_is_wrong(string which, string expected)
    {
        using var peer = Peer(which == "expired" ? Certificates.Value.Expired : Certificates.Value.OtherName);

        var failure = await CallAsync(peer, WritePem("ca.pem", Certificates.Value.CaPem));

        var ex = Assert.IsType<VaultUnreachableException>(failure);
        Assert.Contains(expected, ex.Message);
    }

    /// <summary>curl, an independent client, judges the same peer: it must refuse for the same reason we name.</summary>
    [Theory]
    [InlineData("good", null, null)]
    [InlineData("expired", "certificate has expired", "expired")]
    [InlineData("other-name", "is valid for vault.example, not 127.0.0.1", "subject name")]
    [InlineData("other-ca", "signed by unknown authority", "local issuer certificate")]
    public async Task Curl_refuses_the_same_certificates_for_the_same_reasons(string which, string? ours, string? curls)
    {
        var pki = Certificates.Value;
        using var peer = Peer(which switch { "expired" => pki.Expired, "other-name" => pki.OtherName, _ => pki.Good });
        var bundle = WritePem("bundle.pem", which == "other-ca" ? pki.OtherCaPem : pki.CaPem);

        var failure = await CallAsync(peer, bundle);
        var curl = Curl("--silent", "--show-error", "--cacert", bundle, "--max-time", "20", $"{peer.Address}/v1/sys/health");

        if (ours is null)
        {
            Assert.Null(failure);
            Assert.True(curl.ExitCode == 0, curl.StdErr);
            return;
        }

        Assert.Contains(ours, Assert.IsType<VaultUnreachableException>(failure).Message);
        Assert.Equal(60, curl.ExitCode); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Contains(curls!, curl.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    private static HostResult Curl(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new HostResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_bundle_that_is_a_directory_missing_or_unreadable_has_three_distinct_errors()
    {
        var directory = Assert.Throws<ConfigurationException>(() => VaultCABundle.Load(_dir));
        var missing = Assert.Throws<ConfigurationException>(() => VaultCABundle.Load(Path.Combine(_dir, "missing.pem")));
        // /proc/self/mem exists and cannot be read from offset 0, even by root (a chmod 000 file can be, by root).
        var unreadable = Assert.Throws<ConfigurationException>(() => VaultCABundle.Load("/proc/self/mem"));

        Assert.Equal("VaultRunbook.Vault.CACertificateIsDirectory", directory.ErrorId);
        Assert.Equal("VaultRunbook.Vault.CACertificateNotFound", missing.ErrorId);
        Assert.Equal("VaultRunbook.Vault.CACertificateUnreadable", unreadable.ErrorId);
        Assert.Contains("is a directory", directory.Message);
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("cannot be read", unreadable.Message);
    }

    [Fact]
    public void A_garbage_bundle_is_refused_before_anything_is_sent()
    {
        var garbage = WritePem("garbage.pem", "this is not a certificate\n");
        var mangled = WritePem("mangled.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var ex = Assert.Throws<ConfigurationException>(() => VaultConnectionSettings.Resolve("https://127.0.0.1:1", null, null, garbage, null, null, _ => null, null));
        var ex2 = Assert.Throws<ConfigurationException>(() => VaultCABundle.Load(mangled));

        Assert.Equal("VaultRunbook.Vault.CACertificateInvalid", ex.ErrorId);
        Assert.Contains("no PEM certificate", ex.Message);
        Assert.Equal("VaultRunbook.Vault.CACertificateInvalid", ex2.ErrorId);
    }

    [Fact]
    public void A_private_key_in_the_bundle_is_reported()
    {
        var keyOnly = WritePem("key.pem", Certificates.Value.KeyPem);
        var both = WritePem("both.pem", Certificates.Value.CaPem + Certificates.Value.KeyPem);

        var ex = Assert.Throws<ConfigurationException>(() => VaultCABundle.Load(keyOnly));
        var settings = VaultConnectionSettings.Resolve("https://127.0.0.1:1", null, null, both, null, null, _ => null, null);

        Assert.Equal("VaultRunbook.Vault.CACertificateInvalid", ex.ErrorId);
        Assert.Contains("private key and no certificate", ex.Message);
        Assert.DoesNotContain("PRIVATE KEY-----", ex.Message);
        Assert.Contains(settings.SessionWarnings, w => w.Contains("also holds a private key"));
    }

    /// <summary>A CA, another CA, and server certificates signed by the first: good, expired, for another name.</summary>
    private sealed class Pki
    {
        public Pki()
        {
            using var caKey = RSA.Create(2048);
            using var ca = SelfSignedCa("CN=VaultRunbook Test CA", caKey);
            using var otherKey = RSA.Create(2048);
            using var other = SelfSignedCa("CN=Some Other CA", otherKey);
            CaPem = ca.ExportCertificatePem() + "\n";
            OtherCaPem = other.ExportCertificatePem() + "\n";
            KeyPem = caKey.ExportPkcs8PrivateKeyPem() + "\n";
            var now = DateTimeOffset.UtcNow;
            Good = Leaf(ca, "127.0.0.1", now.AddDays(-1), now.AddDays(30), ip: IPAddress.Loopback);
            Expired = Leaf(ca, "127.0.0.1", now.AddDays(-30), now.AddDays(-1), ip: IPAddress.Loopback);
            OtherName = Leaf(ca, "vault.example", now.AddDays(-1), now.AddDays(30), ip: null);
        }

        public string CaPem { get; }

        public string OtherCaPem { get; }

        public string KeyPem { get; }

        public X509Certificate2 Good { get; }

        public X509Certificate2 Expired { get; }

        public X509Certificate2 OtherName { get; }

        private static X509Certificate2 SelfSignedCa(string subject, RSA key)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddYears(1));
        }

        private static X509Certificate2 Leaf(X509Certificate2 ca, string name, DateTimeOffset from, DateTimeOffset to, IPAddress? ip)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            if (ip is null)
            {
                names.AddDnsName(name);
            }
            else
            {
                names.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var serial = RandomNumberGenerator.GetBytes(8);
            using var issued = request.Create(ca, from, to, serial); // ca holds its key (CreateSelfSigned)
            using var withKey = issued.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }
    }
}
