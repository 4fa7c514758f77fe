using System.Management.Automation;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Makes a sandbox fail for a while, for drills: answer an error status (503 "Vault is sealed" by default), add latency, or drop connections.</para>
/// <para type="description">Faults act before the sandbox's Vault handling, so nothing is audited and no state changes.
/// They stack (latencies add up; the first Drop or Status fault decides the answer) until -Duration passes or
/// Clear-VaultSandboxFault. -ExcludeHealth leaves sys/health answering normally, like a node that reports healthy but
/// fails requests.</para>
/// <example><code>$sandbox | Add-VaultSandboxFault -Kind Status -StatusCode 503 -Duration 00:00:30 | Get-VaultHealth</code><para>Makes the sandbox answer 503 for 30 seconds, for an outage drill, and shows what the health check reports meanwhile.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Add, "VaultSandboxFault", SupportsShouldProcess = true)]
[OutputType(typeof(VaultSandboxInstance))]
public sealed class AddVaultSandboxFaultCommand : PSCmdlet
{
    /// <summary>The sandbox, from Start-VaultSandbox.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public VaultSandboxInstance[] InputObject { get; set; } = Array.Empty<VaultSandboxInstance>();

    /// <summary>Status (an error answer), Latency (a delay) or Drop (no answer).</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Status", "Latency", "Drop", IgnoreCase = true)]
    public string Kind { get; set; } = "Status";

    /// <summary>The status a Status fault answers with (default 503).</summary>
    [Parameter]
    [ValidateRange(100, 999)]
    public int StatusCode { get; set; } = 503;

    /// <summary>The errors[] message of a Status fault (default: Vault's text for 503 and 500).</summary>
    [Parameter]
    public string? Message { get; set; }

    /// <summary>The delay a Latency fault adds.</summary>
    [Parameter]
    [ValidateRange(0, 600000)]
    public int LatencyMilliseconds { get; set; }

    /// <summary>How long the fault lasts (default: until Clear-VaultSandboxFault).</summary>
    [Parameter]
    public TimeSpan? Duration { get; set; }

    /// <summary>Leave sys/health answering normally.</summary>
    [Parameter]
    public SwitchParameter ExcludeHealth { get; set; }

    protected override void ProcessRecord()
    {
        var fault = Kind.ToUpperInvariant() switch
        {
            "LATENCY" => SandboxFault.Delay(TimeSpan.FromMilliseconds(LatencyMilliseconds)),
            "DROP" => SandboxFault.Drop(),
            _ => SandboxFault.Status(StatusCode, Message),
        } with { AffectsHealth = !ExcludeHealth };
        foreach (var sandbox in InputObject)
        {
            var how = Duration is { } d ? $"for {d}" : "until cleared";
            if (ShouldProcess(sandbox.Address, $"Inject a {Kind} fault {how}"))
            {
                sandbox.Server.InjectFault(fault, Duration ?? Timeout.InfiniteTimeSpan);
                WriteObject(sandbox);
            }
        }
    }
}
