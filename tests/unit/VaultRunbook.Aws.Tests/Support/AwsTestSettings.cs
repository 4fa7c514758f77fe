using Amazon.Runtime;
using VaultRunbook.Engine.Aws;
using VaultRunbook.FakeAws;

namespace VaultRunbook.Aws.Tests.Support;

/// <summary>Engine settings pointed at a fake, with the test credentials and retries that do not sleep.</summary>
internal static class AwsTestSettings
{
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(FakeCredentials.AccessKeyId, FakeCredentials.SecretAccessKey);

    public static List<TimeSpan> Delays { get; } = new();

    public static AwsSettings For(Uri endpoint, int maxAttempts = 3, List<TimeSpan>? delays = null) => new()
    {
        Region = FakeCredentials.Region,
        EndpointUrl = endpoint,
        Retry = new AwsRetryPolicy
        {
            MaxAttempts = maxAttempts,
            Delay = (wait, _) =>
            {
                delays?.Add(wait);
                return Task.CompletedTask;
            },
        },
    };
}
