using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// <para type="synopsis">Starts a Vault-API-compatible sandbox on 127.0.0.1 for drills and tests, initialised and sealed.</para>
/// <para type="description">The unseal key shares and the root token are written owner-only to files under DataPath;
/// the output names them (KeyFile, RootTokenPath) and carries the root token only as a SecureString (RootToken), as
/// <c>vault server -dev</c> hands over its root token. -SetEnvironment sets VAULT_ADDR and VAULT_TOKEN for this
/// session, so later cmdlets need no -Address or -Token. Starting on a DataPath that already holds a sandbox brings
/// that one back, sealed, with its data.</para>
/// <example><code>Start-VaultSandbox -Shares 5 -Threshold 3 | Get-VaultHealth</code><para>Starts a sandbox with 5 key shares (3 needed to unseal); like a fresh server it reports Sealed (503).</para></example>
/// <example><code>$nodes = Start-VaultSandbox -Nodes 3 -Shares 1 -Threshold 1; $nodes | ForEach-Object { $_ | Invoke-VaultUnseal -KeyFile $_.KeyFile } | Get-VaultHealth</code><para>Starts a three-node HA cluster on one store, unseals every node with the shared key file and shows their health: the first unsealed is active (200), the others standbys (429).</para></example>
/// <example><code>$sb = Start-VaultSandbox -Shares 1 -Threshold 1 -SetEnvironment; $sb | Invoke-VaultUnseal -KeyFile $sb.KeyFile | Get-VaultHealth</code><para>What `vault server -dev` gives: a sandbox whose address and root token are in VAULT_ADDR and VAULT_TOKEN for this session, unsealed with its own key file.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VaultSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(VaultSandboxInstance))]
public sealed class StartVaultSandboxCommand : PSCmdlet
{
    /// <summary>Key shares to split the unseal key into.</summary>
    [Parameter]
    [ValidateRange(1, 255)]
    public int Shares { get; set; } = 5;

    /// <summary>Shares needed to unseal.</summary>
    [Parameter]
    [ValidateRange(1, 255)]
    public int Threshold { get; set; } = 3;

    /// <summary>Where state, keys and token live. Default: a new private folder under the temp directory.</summary>
    [Parameter]
    public string? DataPath { get; set; }

    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Delay added to every request, in milliseconds (drills and benchmarks).</summary>
    [Parameter]
    [ValidateRange(0, 600000)]
    public int LatencyMilliseconds { get; set; }

    /// <summary>Start uninitialised, as a fresh server before vault operator init.</summary>
    [Parameter]
    public SwitchParameter Uninitialized { get; set; }

    /// <summary>Set VAULT_ADDR and VAULT_TOKEN (the root token) for this session, as <c>vault server -dev</c> suggests exporting them.</summary>
    [Parameter]
    [Alias("Connect")]
    public SwitchParameter SetEnvironment { get; set; }

    /// <summary>
    /// Start an HA cluster of this many nodes (2 to 9) on one store, all sealed: unseal each with the key file; the
    /// first one unsealed becomes active, the others standbys that forward requests to it. One object per node is output.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 9)]
    public int Nodes { get; set; } = 1;

    /// <summary>Serve sys/metrics without a token, as the listener option telemetry { unauthenticated_metrics_access = true } does.</summary>
    [Parameter]
    public SwitchParameter UnauthenticatedMetricsAccess { get; set; }

    protected override void EndProcessing()
    {
        if (Threshold > Shares)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Sandbox.InvalidThreshold", ErrorCategory.InvalidArgument,
                $"-Threshold ({Threshold}) cannot be larger than -Shares ({Shares}).", Threshold));
        }

        if (Shares > 1 && Threshold < 2)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Sandbox.InvalidThreshold", ErrorCategory.InvalidArgument,
                "-Threshold must be at least 2 when there is more than one share.", Threshold));
        }

        var dataPath = DataPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(DataPath);
        if (!ShouldProcess(Port == 0 ? "127.0.0.1 (any free port)" : $"127.0.0.1:{Port}", Nodes == 1 ? "Start Vault sandbox" : $"Start a Vault sandbox cluster of {Nodes} nodes"))
        {
            return;
        }

        try
        {
            var options = new SandboxOptions
            {
                Shares = Shares,
                Threshold = Threshold,
                DataPath = dataPath,
                Port = Port,
                Latency = TimeSpan.FromMilliseconds(LatencyMilliseconds),
                Initialize = !Uninitialized,
                UnauthenticatedMetricsAccess = UnauthenticatedMetricsAccess,
            };
            var instances = Nodes == 1
                ? [new VaultSandboxInstance(VaultSandbox.Start(options))]
                : VaultSandboxCluster.Start(options, Nodes) is var cluster
                    ? cluster.Nodes.Select((node, i) => new VaultSandboxInstance(node, cluster, i)).ToArray()
                    : Array.Empty<VaultSandboxInstance>();
            foreach (var instance in instances)
            {
                ModuleSession.Current.RememberSandbox(instance); // for -Address completion
            }

            if (SetEnvironment)
            {
                SetSessionEnvironment(instances[0]);
            }

            WriteObject(instances, enumerateCollection: true);
        }
        catch (SandboxPortInUseException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "VaultRunbook.Sandbox.PortInUse", ErrorCategory.ResourceExists, Port));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "VaultRunbook.Sandbox.InvalidArgument", ErrorCategory.InvalidArgument, ex.ParamName));
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "VaultRunbook.Sandbox.DataPathUnusable", ErrorCategory.WriteError, dataPath));
        }
        catch (UnauthorizedAccessException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "VaultRunbook.Sandbox.DataPathUnusable", ErrorCategory.PermissionDenied, dataPath));
        }
    }

    private void SetSessionEnvironment(VaultSandboxInstance instance)
    {
        Environment.SetEnvironmentVariable("VAULT_ADDR", instance.Address);
        if (instance.ReadRootToken() is { } token)
        {
            Environment.SetEnvironmentVariable("VAULT_TOKEN", token);
            WriteVerbose($"VAULT_ADDR={instance.Address} and VAULT_TOKEN (the root token, from {instance.RootTokenPath}) are set for this session.");
        }
        else
        {
            WriteWarning($"VAULT_ADDR={instance.Address} is set for this session; VAULT_TOKEN is not, as the sandbox is not initialised and has no root token yet.");
        }
    }
}
