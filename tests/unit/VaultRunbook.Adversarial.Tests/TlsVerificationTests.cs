using VaultRunbook.Adversarial.Tests.Support;
using VaultRunbook.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests;

/// <summary>
/// TLS verification is on by default: a node on 127.0.0.1 with a self-signed certificate is refused (no request, so
/// no token, crosses the handshake) until -SkipCertificateCheck is given, which then reaches the same node.
/// </summary>
public sealed class TlsVerificationTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly PowerShellSession _session = new();

    public TlsVerificationTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _session.Dispose();

    [Fact]
    public void A_self_signed_node_is_refused_unless_told_to_skip_the_check()
    {
        using var peer = new SelfSignedTlsPeer(RepoPaths.Fixture("sys-health.active.200.json"));
        var variables = new System.Collections.Hashtable { ["address"] = peer.Address };
        const string noOverrides = "Remove-Item Env:VAULT_SKIP_VERIFY, Env:VAULT_CACERT -ErrorAction SilentlyContinue; ";
        var health = _session.Run(noOverrides + "Get-VaultHealth -Address $address -TimeoutSec 5", variables);
        var request = _session.Run(noOverrides + "Invoke-VaultRequest -Address $address -Token (ConvertTo-SecureString 'hvs.never-sent' -AsPlainText -Force) GET sys/health -TimeoutSec 5", variables);
        var secret = _session.Run(noOverrides + "Get-VaultSecret -Address $address -Token (ConvertTo-SecureString 'hvs.never-sent' -AsPlainText -Force) -Path app -TimeoutSec 5", variables);
        var refusedRequests = peer.Requests;
        var skipped = _session.Run(noOverrides + "Get-VaultHealth -Address $address -TimeoutSec 5 -SkipCertificateCheck -WarningAction SilentlyContinue", variables);

        var verified = refusedRequests == 0
            && !health.Output.Any(o => o.Properties["Status"]?.Value?.ToString() == "Active")
            && new[] { request, secret }.All(r => r.Errors.Count > 0 && r.Output.Count == 0);
        AdversarialSummary.Record("tls verified by default", verified ? "yes" : "no");
        _output.WriteLine($"refused connections {peer.RefusedConnections}; health without skip: {string.Join(", ", health.Output.Select(o => $"{o.Properties["Status"]?.Value} {o.Properties["Reason"]?.Value}"))} {health.Describe()}");

        Assert.Equal(0, refusedRequests);
        Assert.DoesNotContain(health.Output, o => o.Properties["Status"]?.Value?.ToString() == "Active");
        Assert.True(health.Errors.Count > 0 || health.Output.Any(o => o.Properties["Status"]?.Value?.ToString() == "Unreachable"), "the refused node was reported neither as an error nor as unreachable");
        Assert.NotEmpty(request.Errors);
        Assert.NotEmpty(secret.Errors);
        Assert.True(peer.RefusedConnections >= 3, $"only {peer.RefusedConnections} connections were refused");
        Assert.Equal("Active", skipped.Property(0, "Status")?.ToString());
        Assert.True(peer.Requests > 0, "with -SkipCertificateCheck the node was reached");
        Assert.True(verified);
    }
}
