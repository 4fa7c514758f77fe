using VaultRunbook.Engine.Aws;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// Resolves the AWS parameters (-Region, -ProfileName, -EndpointUrl) of a cmdlet with the AWS CLI's environment
/// defaults, for the Engine, which
/// resolves the credentials (no AWSSDK type crosses into the Cmdlets assembly: it loads in the module's context).
/// </summary>
internal static class AwsConnection
{
    public static AwsSettings Resolve(string? region, string? profileName, string? endpointUrl) =>
        AwsSettings.Resolve(region, profileName, endpointUrl, Environment.GetEnvironmentVariable);

    /// <summary>The endpoint a journal record names (never a credential).</summary>
    public static string EndpointText(AwsSettings settings, string service) => settings.EndpointFor(service).GetLeftPart(UriPartial.Authority);
}
