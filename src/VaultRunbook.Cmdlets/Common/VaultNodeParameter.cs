namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// A Vault node given as a string ("https://vault-1:8200"), a Uri, or any piped object with an Address property
/// (VaultHealth, VaultSealStatus, a sandbox), in the manner of dbatools' DbaInstanceParameter. It is only text
/// until the cmdlet checks it, so a bad address gives the module's own ErrorRecord, not a binding error.
/// </summary>
public sealed class VaultNodeParameter
{
    public VaultNodeParameter(string address) => Address = address;

    public VaultNodeParameter(Uri address) => Address = address.OriginalString;

    /// <summary>A sandbox node as Start-VaultSandbox outputs it: <c>Get-VaultLeader -Address $nodes</c>.</summary>
    public VaultNodeParameter(Sandbox.VaultSandboxInstance sandbox) => Address = sandbox.Address;

    public string Address { get; }

    public override string ToString() => Address;
}
