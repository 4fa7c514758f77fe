using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Cluster;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Cluster;

/// <summary>
/// <para type="synopsis">Makes the active node of a Vault HA cluster step down (sys/step-down) and waits until another node leads.</para>
/// <para type="description">Needs a root or sudo token. The request can go to any unsealed node: a standby forwards
/// it to the active node. The cmdlet then asks that node's sys/leader until a node other than the old leader is
/// active, or -WaitSeconds pass; if none took over (no other unsealed node: Vault then gives leadership back to
/// the same node after a while), it says so in a warning and the result's TookOver is false. Vault's audit log has
/// the request of a step-down but not what became of it, so each step-down (and each failed attempt) is recorded in the module's action
/// journal (see Get-VaultActionLog), without any token.</para>
/// <example><code>Get-VaultLeader -Address $nodes | Where-Object IsSelf | Invoke-VaultStepDown -WaitSeconds 60 -Confirm:$false</code><para>Finds the active node, steps it down and waits up to a minute for a standby to take over; the result names the old and the new leader.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultStepDown", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(EngineTypeNames.VaultStepDownResult)]
public sealed class InvokeVaultStepDownCommand : VaultCmdlet
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A node of the cluster (the active one or a standby): a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>How long to wait for another node to become active, in seconds (0 to 3600).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int WaitSeconds { get; set; } = 30;

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (!ShouldProcess(settings.AddressText, "Step down the cluster's active node (another unsealed node takes over)"))
        {
            return;
        }

        var client = ClientFor(settings);
        try
        {
            var result = RunRecorded("StepDown", settings.AddressText, ct =>
                client.StepDownAndWaitAsync(TimeSpan.FromSeconds(WaitSeconds), PollInterval, ct));
            RecordAction(ActionRecord.Now("StepDown", settings.AddressText, result.Outcome) with
            {
                Subject = $"leader {result.PreviousLeader} -> {result.Leader ?? "none"}",
            });
            if (!result.TookOver)
            {
                WriteWarning($"No other node took over from {result.PreviousLeader} within {WaitSeconds}s; "
                    + (result.Leader is null ? "no node leads now." : $"{result.Leader} leads now."));
            }

            WriteObject(result);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
