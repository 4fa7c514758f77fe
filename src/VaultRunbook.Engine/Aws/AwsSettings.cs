using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// Where and as whom to call AWS, resolved as the AWS CLI and SDKs do: region from -Region, AWS_REGION,
/// AWS_DEFAULT_REGION or the profile; endpoint from -EndpointUrl, AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, else
/// the service's regional endpoint; credentials from AWSSDK.Core's chain (a named profile, else the default chain:
/// environment, profile, SSO, web identity, container and instance role).
/// </summary>
public sealed record AwsSettings
{
    public required string Region { get; init; }

    public string? ProfileName { get; init; }

    /// <summary>The endpoint override (-EndpointUrl), used for every service when set.</summary>
    public Uri? EndpointUrl { get; init; }

    public AwsRetryPolicy Retry { get; init; } = new();

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The endpoint for a service (rds, kms), with the environment's overrides.</summary>
    public Uri EndpointFor(string service)
    {
        if (EndpointUrl is not null)
        {
            return EndpointUrl;
        }

        var specific = Environment("AWS_ENDPOINT_URL_" + service.ToUpperInvariant());
        var general = Environment("AWS_ENDPOINT_URL");
        var text = !string.IsNullOrWhiteSpace(specific) ? specific : general;
        if (!string.IsNullOrWhiteSpace(text))
        {
            return ParseEndpoint(text, "AWS_ENDPOINT_URL" + (!string.IsNullOrWhiteSpace(specific) ? "_" + service.ToUpperInvariant() : string.Empty));
        }

        return new Uri($"https://{service}.{Region}.amazonaws.com" + (Region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : string.Empty));
    }

    /// <summary>Resolves region and endpoint; a bad endpoint or no region is a configuration error.</summary>
    public static AwsSettings Resolve(string? region, string? profileName, string? endpointUrl, Func<string, string?> environment, AwsRetryPolicy? retry = null)
    {
        var resolvedRegion = First(region, environment("AWS_REGION"), environment("AWS_DEFAULT_REGION"));
        if (resolvedRegion is null)
        {
            var profile = First(profileName, environment("AWS_PROFILE"));
            if (profile is not null && new CredentialProfileStoreChain().TryGetProfile(profile, out var stored) && stored.Region is not null)
            {
                resolvedRegion = stored.Region.SystemName;
            }
        }

        if (resolvedRegion is null)
        {
            throw new AwsException("NoRegion", ErrorKind.InvalidArgument, "No AWS region: pass -Region, or set AWS_REGION (or AWS_DEFAULT_REGION), or a region in the profile.");
        }

        return new AwsSettings
        {
            Region = resolvedRegion,
            ProfileName = First(profileName),
            EndpointUrl = string.IsNullOrWhiteSpace(endpointUrl) ? null : ParseEndpoint(endpointUrl, "-EndpointUrl"),
            Environment = environment,
            Retry = retry ?? new AwsRetryPolicy(),
        };
    }

    /// <summary>The credentials, through AWSSDK.Core's chain; none found is a configuration error (no secret in it).</summary>
    public async Task<AWSCredentials> CredentialsAsync()
    {
        try
        {
            if (ProfileName is not null)
            {
                // AWS_SHARED_CREDENTIALS_FILE is read on each call (the SDK's default store remembers its first path).
                var file = Environment("AWS_SHARED_CREDENTIALS_FILE");
                var store = string.IsNullOrWhiteSpace(file) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(file);
                return store.TryGetAWSCredentials(ProfileName, out var fromProfile)
                    ? fromProfile
                    : throw new AwsException("NoCredentials", ErrorKind.PermissionDenied, $"The AWS profile '{ProfileName}' was not found or holds no usable credentials.");
            }

            return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsException("NoCredentials", ErrorKind.PermissionDenied, "No AWS credentials were found (environment, profile, SSO, container or instance role): " + ex.Message);
        }
    }

    private static Uri ParseEndpoint(string text, string source) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new AwsException("InvalidEndpoint", ErrorKind.InvalidArgument, $"{source} '{text}' is not an http(s) URL.");

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
