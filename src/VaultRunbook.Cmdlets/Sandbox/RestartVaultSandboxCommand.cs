using System.Management.Automation;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Restarts sandboxes in place, as a crashed container comes back: same Address, data kept, sealed.</para>
/// <example><code>$sandbox | Restart-VaultSandbox | Get-VaultHealth</code><para>Simulates a crashed container: the sandbox comes back at the same address with its data, sealed (503).</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "VaultSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(VaultSandboxInstance))]
public sealed class RestartVaultSandboxCommand : PSCmdlet
{
    /// <summary>The sandbox, from Start-VaultSandbox.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public VaultSandboxInstance[] InputObject { get; set; } = Array.Empty<VaultSandboxInstance>();

    protected override void ProcessRecord()
    {
        foreach (var sandbox in InputObject)
        {
            if (!ShouldProcess(sandbox.Address, "Restart Vault sandbox (it comes back sealed)"))
            {
                continue;
            }

            try
            {
                sandbox.Server.Restart();
                WriteObject(sandbox);
            }
            catch (SandboxPortInUseException ex)
            {
                WriteError(new ErrorRecord(ex, "VaultRunbook.Sandbox.PortInUse", ErrorCategory.ResourceExists, sandbox.Address));
            }
        }
    }
}
