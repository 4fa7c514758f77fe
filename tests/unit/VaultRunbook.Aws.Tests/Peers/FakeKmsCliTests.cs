using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Peers;

/// <summary>The fake KMS judged by the AWS CLI: JSON 1.1 shapes botocore parses, SigV4 it accepts.</summary>
public sealed class FakeKmsCliTests : IDisposable
{
    private readonly FakeKms _kms = new();

    [Fact]
    public void DescribeKeyEncryptDecryptRoundTrip()
    {
        var key = _kms.AddKey("alias/vault-unseal");
        var described = AwsCli.Run(_kms.Endpoint, "kms", "describe-key", "--key-id", "alias/vault-unseal");
        Assert.True(described.ExitCode == 0, described.Error);
        var metadata = described.Json!.Value.GetProperty("KeyMetadata");
        Assert.Equal(key.KeyId, metadata.GetProperty("KeyId").GetString());
        Assert.True(metadata.GetProperty("Enabled").GetBoolean());
        Assert.Equal("Enabled", metadata.GetProperty("KeyState").GetString());

        var encrypted = AwsCli.Run(_kms.Endpoint, "kms", "encrypt", "--key-id", key.KeyId, "--plaintext", "probe");
        Assert.True(encrypted.ExitCode == 0, encrypted.Error);
        var blob = encrypted.Json!.Value.GetProperty("CiphertextBlob").GetString()!;
        Assert.Equal(key.Arn, encrypted.Json!.Value.GetProperty("KeyId").GetString());

        var blobFile = Path.GetTempFileName();
        File.WriteAllBytes(blobFile, Convert.FromBase64String(blob));
        var decrypted = AwsCli.Run(_kms.Endpoint, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blobFile);
        File.Delete(blobFile);
        Assert.True(decrypted.ExitCode == 0, decrypted.Error);
        Assert.Equal("probe"u8.ToArray(), Convert.FromBase64String(decrypted.Json!.Value.GetProperty("Plaintext").GetString()!));
        Assert.Equal(3, _kms.SignaturesVerified);
    }

    [Fact]
    public void DisabledKeyRefusesEncryptWithDisabledException()
    {
        var key = _kms.AddKey();
        key.KeyState = "Disabled";
        var result = AwsCli.Run(_kms.Endpoint, "kms", "encrypt", "--key-id", key.KeyId, "--plaintext", "probe");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(DisabledException)", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _kms.Dispose();
}
