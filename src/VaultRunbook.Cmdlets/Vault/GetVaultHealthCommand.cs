using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Checks the health of one or many Vault nodes (sys/health), in parallel.</para>
/// <para type="description">Standby (429), performance standby (473), sealed (503) and uninitialised (501) are
/// states in the output, not errors. An unreachable node is reported with Status Unreachable and the reason,
/// and the other nodes go on. With -Assert, an unhealthy cluster ends the script with a failure, so a scheduled
/// task or CI step fails in one line.</para>
/// <example><code>Get-VaultHealth -Address $nodes | Where-Object Sealed | Invoke-VaultUnseal -KeyFile ./unseal-keys.txt</code><para>Checks every node of the cluster at once and unseals only the sealed ones with the shares in the key file.</para></example>
/// <example><code>Get-VaultHealth -Address https://vault-1:8200, https://vault-2:8200 -StandbyOk -Assert</code><para>In a scheduled task or CI step: fails the script (pwsh -File exits 1) unless every node is active or standby.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultHealth")]
[OutputType(EngineTypeNames.VaultHealth)]
public sealed class GetVaultHealthCommand : VaultCmdlet
{
    private readonly List<VaultConnectionSettings> _nodes = new();

    /// <summary>The nodes: URLs, or objects with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter[]? Address { get; set; }

    /// <summary>Let a standby answer with the active code (standbyok).</summary>
    [Parameter]
    public SwitchParameter StandbyOk { get; set; }

    /// <summary>Let a performance standby answer with the active code (perfstandbyok).</summary>
    [Parameter]
    public SwitchParameter PerfStandbyOk { get; set; }

    /// <summary>How many nodes to query at once, 1 to 256.</summary>
    [Parameter]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>Fail (end the script, as -ErrorAction Stop does) when any node is not Active or a serving standby.</summary>
    [Parameter]
    public SwitchParameter Assert { get; set; }

    protected override void BeginProcessing() => CheckThrottleLimit(ThrottleLimit);

    protected override void ProcessRecord()
    {
        if (Address is null)
        {
            _nodes.Add(ResolveSettings(null));
            return;
        }

        foreach (var node in Address)
        {
            _nodes.Add(ResolveSettings(node.Address));
        }
    }

    protected override void EndProcessing()
    {
        if (_nodes.Count == 0)
        {
            return;
        }

        var query = new HealthQuery { StandbyOk = StandbyOk, PerfStandbyOk = PerfStandbyOk };
        var results = RunForEach(_nodes, settings => settings, ThrottleLimit, "Checking Vault health", (client, _, ct) => CheckAsync(client, query, ct));

        var unhealthy = new List<string>();
        foreach (var (health, error) in results)
        {
            if (health is not null)
            {
                WriteObject(health);
                if (!health.IsHealthy)
                {
                    unhealthy.Add($"{health.Address} is {health.Status}");
                }
            }
            else if (error is not null)
            {
                WriteEngineError(error);
                unhealthy.Add($"{error.Target} failed ({error.ErrorId})");
            }
        }

        if (Assert && unhealthy.Count > 0)
        {
            var message = $"The Vault cluster is not healthy: {string.Join("; ", unhealthy)}.";
            var record = ErrorRecords.Create("VaultRunbook.Health.Unhealthy", ErrorCategory.ResourceUnavailable, message, null);
            ThrowScriptTerminatingError(record);
        }
    }

    // An unreachable node is a state in the output (Status Unreachable, with the reason), not an error. Close-RunbookIncident checks health with it too.
    internal static async Task<VaultHealth> CheckAsync(IVaultClient client, HealthQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetHealthAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultUnreachableException ex)
        {
            return new VaultHealth
            {
                Address = client.Settings.AddressText,
                Namespace = client.Settings.Namespace,
                Status = VaultNodeStatus.Unreachable,
                Reason = ex.Reason,
            };
        }
    }
}
