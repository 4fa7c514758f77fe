using Amazon.KeyManagementService;
using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Vault;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Engine;

/// <summary>The KMS auto-unseal diagnosis through AWSSDK.KeyManagementService against the fake KMS.</summary>
public sealed class AutoUnsealCheckTests : IDisposable
{
    private static readonly VaultSealStatus SealedUnderKms = new() { Address = "https://vault-0:8200", Type = "awskms", Sealed = true, Initialized = true, RecoverySeal = true };
    private readonly FakeKms _fake = new();
    private readonly IAmazonKeyManagementService _kms;

    public AutoUnsealCheckTests()
    {
        _kms = AutoUnsealCheck.CreateClient(AwsTestSettings.For(_fake.Endpoint), AwsTestSettings.Credentials);
    }

    [Fact]
    public async Task AHealthyKeyPassesTheRoundTripAndPointsAtTheNode()
    {
        var key = _fake.AddKey("alias/vault-unseal");
        var result = await new AutoUnsealCheck(_kms).RunAsync("alias/vault-unseal", SealedUnderKms, null, CancellationToken.None);
        Assert.Equal("KmsReachableVaultSealed", result.Verdict);
        Assert.Equal("Passed", result.RoundTrip);
        Assert.Equal(key.Arn, result.KeyArn);
        Assert.Equal(new[] { "DescribeKey", "Encrypt", "Decrypt" }, _fake.Operations);
        Assert.Equal(3, _fake.SignaturesVerified);
        Assert.True(result.RecoverySeal);
    }

    [Fact]
    public async Task ADisabledKeyGivesKeyDisabledWithTheEnableStep()
    {
        var key = _fake.AddKey();
        key.KeyState = "Disabled";
        var result = await new AutoUnsealCheck(_kms).RunAsync(key.KeyId, SealedUnderKms, null, CancellationToken.None);
        Assert.Equal("KeyDisabled", result.Verdict);
        Assert.False(result.KeyEnabled);
        Assert.Equal("Skipped", result.RoundTrip);
        Assert.Contains("aws kms enable-key --key-id " + key.Arn, result.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyPendingDeletionGivesTheCancelStepAndTheDate()
    {
        var key = _fake.AddKey();
        key.KeyState = "PendingDeletion";
        key.DeletionDate = new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero);
        var result = await new AutoUnsealCheck(_kms).RunAsync(key.KeyId, SealedUnderKms, null, CancellationToken.None);
        Assert.Equal("KeyPendingDeletion", result.Verdict);
        Assert.Equal(key.DeletionDate, result.DeletionDate);
        Assert.Contains("cancel-key-deletion", result.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptDeniedToTheRoleGivesAccessDeniedNamingTheAction()
    {
        var key = _fake.AddKey();
        key.DeniedOperations.Add("Decrypt");
        var result = await new AutoUnsealCheck(_kms).RunAsync(key.KeyId, SealedUnderKms, null, CancellationToken.None);
        Assert.Equal("AccessDenied", result.Verdict);
        Assert.Equal("Failed", result.RoundTrip);
        Assert.Equal("Decrypt", result.FailedOperation);
        Assert.Equal("AccessDeniedException", result.AwsErrorCode);
        Assert.Contains("kms:Decrypt", result.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownKeyAndAShamirNodeHaveTheirOwnVerdicts()
    {
        var missing = await new AutoUnsealCheck(_kms).RunAsync("alias/nope", SealedUnderKms, null, CancellationToken.None);
        Assert.Equal("KeyNotFound", missing.Verdict);

        _fake.AddKey("alias/vault-unseal");
        var shamir = await new AutoUnsealCheck(_kms).RunAsync("alias/vault-unseal", SealedUnderKms with { Type = "shamir", RecoverySeal = false }, null, CancellationToken.None);
        Assert.Equal("NotAutoUnseal", shamir.Verdict);
    }

    [Fact]
    public async Task KmsThrottlingIsRetriedByTheSdkAndTheCheckGoesOn()
    {
        _fake.AddKey("alias/vault-unseal");
        _fake.ThrottleNext(1);
        var result = await new AutoUnsealCheck(_kms).RunAsync("alias/vault-unseal", null, null, CancellationToken.None);
        Assert.Equal("Healthy", result.Verdict);
        Assert.Equal(1, _fake.Throttled);
        Assert.Equal(new[] { "DescribeKey", "DescribeKey", "Encrypt", "Decrypt" }, _fake.Operations);
    }

    [Fact]
    public async Task ATamperedSecretIsRejectedByTheFakeKmsAsInvalidSignature()
    {
        _fake.AddKey("alias/vault-unseal");
        using var wrong = AutoUnsealCheck.CreateClient(AwsTestSettings.For(_fake.Endpoint, maxAttempts: 1), new Amazon.Runtime.BasicAWSCredentials(FakeCredentials.AccessKeyId, "not-the-secret"));
        var result = await new AutoUnsealCheck(wrong).RunAsync("alias/vault-unseal", null, null, CancellationToken.None);
        Assert.Equal("KmsError", result.Verdict);
        Assert.Equal("InvalidSignatureException", result.AwsErrorCode);
        Assert.Equal(1, _fake.SignaturesRejected);
    }

    public void Dispose()
    {
        _kms.Dispose();
        _fake.Dispose();
    }
}
