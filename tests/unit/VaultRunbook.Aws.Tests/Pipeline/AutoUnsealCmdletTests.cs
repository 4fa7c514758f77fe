using System.Collections;
using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Pipeline;

/// <summary>Test-VaultAutoUnseal in a real pwsh runspace against the fake KMS and the Vault sandbox.</summary>
public sealed class AutoUnsealCmdletTests : IDisposable
{
    private readonly FakeKms _kms = new();
    private readonly PowerShellSession _session = new();
    private readonly Hashtable _variables;

    public AutoUnsealCmdletTests()
    {
        AwsEnvironment.Apply();
        _variables = new Hashtable { ["kms"] = _kms.Endpoint.ToString() };
    }

    [Theory]
    [InlineData("Enabled", null, "Healthy")]
    [InlineData("Disabled", null, "KeyDisabled")]
    [InlineData("PendingDeletion", null, "KeyPendingDeletion")]
    [InlineData("Enabled", "Encrypt", "AccessDenied")]
    public void EachKeyConditionGivesItsVerdict(string state, string? denied, string verdict)
    {
        var key = _kms.AddKey("alias/vault-unseal");
        key.KeyState = state;
        if (denied is not null)
        {
            key.DeniedOperations.Add(denied);
        }

        var result = _session.Run("Test-VaultAutoUnseal -KeyId alias/vault-unseal -SkipSealStatus -EndpointUrl $kms", _variables);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.Equal(verdict, result.Property(0, "Verdict"));
        Assert.False(string.IsNullOrEmpty((string?)result.Property(0, "NextStep")));
    }

    [Fact]
    public void TheSandboxNodesSealTypeEntersTheVerdict()
    {
        _kms.AddKey("alias/vault-unseal");
        var result = _session.Run("""
            $sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path ([IO.Path]::GetTempPath()) "vr-aws-sb-$([guid]::NewGuid().ToString('N'))")
            try { $sb | Test-VaultAutoUnseal -KeyId alias/vault-unseal -EndpointUrl $kms } finally { $sb | Stop-VaultSandbox }
            """, _variables);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        var diagnosis = result.Output.Single(o => o.Properties["Verdict"] is not null);
        Assert.Equal("shamir", diagnosis.Properties["SealType"].Value);
        Assert.Equal("NotAutoUnseal", diagnosis.Properties["Verdict"].Value);
        Assert.Equal("Passed", diagnosis.Properties["RoundTrip"].Value);
    }

    [Fact]
    public void ABadEndpointIsAConfigurationError()
    {
        var result = _session.Run("Test-VaultAutoUnseal -KeyId alias/vault-unseal -SkipSealStatus -EndpointUrl 'ftp://kms.example'", _variables);
        Assert.Equal("VaultRunbook.Aws.InvalidEndpoint,VaultRunbook.Cmdlets.Aws.TestVaultAutoUnsealCommand", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(_kms.Operations);
    }

    public void Dispose()
    {
        _session.Dispose();
        _kms.Dispose();
    }
}
