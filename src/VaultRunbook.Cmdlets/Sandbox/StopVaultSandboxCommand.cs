using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Stops sandboxes started by Start-VaultSandbox. Their data stays under DataPath.</para>
/// <example><code>$sandbox | Stop-VaultSandbox</code></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "VaultSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(VaultSandboxInstance))]
public sealed class StopVaultSandboxCommand : PSCmdlet
{
    /// <summary>The sandbox, from Start-VaultSandbox.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public VaultSandboxInstance[] InputObject { get; set; } = Array.Empty<VaultSandboxInstance>();

    /// <summary>Output the stopped sandbox.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var sandbox in InputObject)
        {
            if (ShouldProcess(sandbox.Address, "Stop Vault sandbox"))
            {
                sandbox.Server.Stop();
                if (PassThru)
                {
                    WriteObject(sandbox);
                }
            }
        }
    }
}
