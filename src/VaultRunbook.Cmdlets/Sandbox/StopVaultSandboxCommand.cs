using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Stops sandboxes started by Start-VaultSandbox. Their data stays under DataPath.</para>
/// <para type="description">When VAULT_ADDR points at a stopped sandbox (Start-VaultSandbox -SetEnvironment), VAULT_ADDR
/// is cleared, and VAULT_TOKEN too when it holds that sandbox's root token, so later cmdlets do not talk to it.</para>
/// <example><code>$sandbox | Stop-VaultSandbox</code><para>Stops the sandbox started earlier; its data stays in DataPath for a later Start-VaultSandbox -DataPath.</para></example>
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
                ClearSessionEnvironment(sandbox);
                if (PassThru)
                {
                    WriteObject(sandbox);
                }
            }
        }
    }

    private void ClearSessionEnvironment(VaultSandboxInstance sandbox)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("VAULT_ADDR"), sandbox.Address, StringComparison.Ordinal))
        {
            return;
        }

        Environment.SetEnvironmentVariable("VAULT_ADDR", null);
        if (sandbox.ReadRootToken() is { } token && string.Equals(Environment.GetEnvironmentVariable("VAULT_TOKEN"), token, StringComparison.Ordinal))
        {
            Environment.SetEnvironmentVariable("VAULT_TOKEN", null);
        }

        WriteVerbose($"VAULT_ADDR pointed at the stopped sandbox {sandbox.Address}; it is cleared for this session.");
    }
}
