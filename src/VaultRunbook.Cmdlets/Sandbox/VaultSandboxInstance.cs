using VaultRunbook.Sandbox;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// A running sandbox, as Start-VaultSandbox outputs it. Address pipes into Get-VaultHealth and the unseal steps;
/// the object itself pipes into Stop-VaultSandbox and Restart-VaultSandbox. The key and token files hold the
/// secrets; this object only names them.
/// </summary>
public sealed class VaultSandboxInstance
{
    internal VaultSandboxInstance(VaultSandbox server) => Server = server;

    public string Address => Server.Address;

    public int Port => Server.Port;

    public string DataPath => Server.DataPath;

    public string UnsealKeysPath => Server.UnsealKeysPath;

    public string RootTokenPath => Server.RootTokenPath;

    /// <summary>Null: the sandbox runs inside this PowerShell process (see <see cref="Hosting"/>).</summary>
    public int? ProcessId => null;

    public string Hosting => $"in-process (PowerShell process {Environment.ProcessId})";

    public bool Running => Server.IsRunning;

    public bool Sealed => Server.IsSealed;

    /// <summary>Delay added to every request; settable while it runs (drills, benchmarks).</summary>
    public TimeSpan Latency
    {
        get => Server.Latency;
        set => Server.Latency = value;
    }

    internal VaultSandbox Server { get; }

    public override string ToString() => Address;
}
