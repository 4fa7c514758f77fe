using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// The AWS parameters the storage cmdlets share, named as in AWS.Tools (-Region, -ProfileName, -EndpointUrl), with
/// the AWS CLI's environment defaults; one RDS client per invocation.
/// </summary>
public abstract class AwsCmdlet : AsyncCmdlet
{
    private IRdsClient? _rds;
    private AwsSettings? _settings;

    /// <summary>The AWS region; defaults to AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.</summary>
    [Parameter]
    [PSDefaultValue(Help = "AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region")]
    public string? Region { get; set; }

    /// <summary>The shared-credentials/config profile to use; without it, AWSSDK.Core's default chain (environment, profile, SSO, container or instance role).</summary>
    [Parameter]
    [Alias("Profile")]
    [PSDefaultValue(Help = "AWSSDK.Core's default credential chain")]
    public string? ProfileName { get; set; }

    /// <summary>The service endpoint to call instead of AWS's regional one; defaults to AWS_ENDPOINT_URL_RDS (or _KMS), then AWS_ENDPOINT_URL.</summary>
    [Parameter]
    [PSDefaultValue(Help = "AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the regional endpoint")]
    public string? EndpointUrl { get; set; }

    /// <summary>Resolved settings; bad configuration stops the cmdlet (no region, bad endpoint).</summary>
    protected AwsSettings Settings
    {
        get
        {
            if (_settings is null)
            {
                try
                {
                    _settings = AwsConnection.Resolve(Region, ProfileName, EndpointUrl);
                }
                catch (EngineException ex)
                {
                    ThrowEngineError(ex);
                    throw;
                }
            }

            return _settings;
        }
    }

    /// <summary>The RDS client for this invocation; no credentials stops the cmdlet.</summary>
    protected IRdsClient Rds
    {
        get
        {
            if (_rds is null)
            {
                var settings = Settings;
                try
                {
                    _rds = Run(_ => RdsQueryClient.CreateAsync(settings));
                }
                catch (EngineException ex)
                {
                    ThrowEngineError(ex);
                    throw;
                }
            }

            return _rds;
        }
    }

    /// <summary>Stops the cmdlet when an identifier breaks RDS's naming rules (bad usage, nothing sent).</summary>
    protected string CheckIdentifier(string name, string what, int maxLength)
    {
        try
        {
            return RdsIdentifier.Validate(name, what, maxLength);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rds?.Dispose();
        }

        base.Dispose(disposing);
    }
}
