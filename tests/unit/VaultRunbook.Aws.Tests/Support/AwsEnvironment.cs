using VaultRunbook.FakeAws;

namespace VaultRunbook.Aws.Tests.Support;

/// <summary>
/// The process environment the module's credential chain reads (AWSSDK.Core's environment source), set to the test
/// credentials once: every test of this project uses the same values, so parallel tests agree.
/// </summary>
internal static class AwsEnvironment
{
    private static readonly Lazy<bool> Applied = new(() =>
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeCredentials.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeCredentials.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", FakeCredentials.Region);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        return true;
    });

    public static void Apply() => _ = Applied.Value;
}
