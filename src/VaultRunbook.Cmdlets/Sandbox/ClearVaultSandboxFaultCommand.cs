using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Removes every fault injected into a sandbox: it answers normally again.</para>
/// <example><code>$sandbox | Clear-VaultSandboxFault | Get-VaultHealth</code><para>Ends a drill's fault early and checks the node answers normally again.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "VaultSandboxFault", SupportsShouldProcess = true)]
[OutputType(typeof(VaultSandboxInstance))]
public sealed class ClearVaultSandboxFaultCommand : PSCmdlet
{
    /// <summary>The sandbox, from Start-VaultSandbox.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public VaultSandboxInstance[] InputObject { get; set; } = Array.Empty<VaultSandboxInstance>();

    protected override void ProcessRecord()
    {
        foreach (var sandbox in InputObject)
        {
            if (ShouldProcess(sandbox.Address, "Clear injected faults"))
            {
                sandbox.Server.ClearFaults();
                WriteObject(sandbox);
            }
        }
    }
}
