using System.Text;
using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Endpoints;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox;

/// <summary>
/// A Vault-API-compatible server on 127.0.0.1 for drills and tests: a Shamir-sealed Vault with
/// sys/init, sys/health, sys/seal-status, sys/unseal, sys/seal, sys/leader; KV v2 at secret/ and
/// KV v1 at kv-v1/ (more through sys/mounts) with the CLI's preflight
/// (sys/internal/ui/mounts); auth/token/lookup-self and auth/token/create; file audit devices
/// (sys/audit, sys/audit-hash) writing Vault's file-audit lines. Every logical path needs a token
/// (403 "permission denied"). State (KV data, tokens, mounts, audit devices and their salts) lives
/// encrypted under <see cref="DataPath"/>; <see cref="Restart"/> brings it back sealed.
/// <see cref="InjectFault"/> makes it fail on purpose for a while.
/// </summary>
/// <remarks>
/// Policies are names, not documents: <c>root</c> allows everything, <c>default</c> allows
/// auth/token/lookup-self, and any other policy name is a path prefix that allows every operation
/// at and beneath it (a token with policy <c>secret</c> may use secret/*, one with
/// <c>secret/data/app</c> only that secret). Without <c>root</c>, sys/* is denied unless a policy
/// names a sys path. Mint such tokens with auth/token/create (display_name and policies).
/// </remarks>
public sealed class VaultSandbox : IDisposable, IHaMember
{
    private const int RestartBindAttempts = 20;

    private readonly object _lifecycle = new();
    private readonly SandboxKnobs _knobs;
    private readonly SandboxStore _store;
    private SandboxCore _core;
    private AuditBroker _audit;
    private SandboxHttpServer? _server;
    private SandboxDispatcher? _dispatcher;
    private SandboxHaNode? _ha;
    private int _nodeIndex;

    private VaultSandbox(SandboxStore store, SandboxCore core, AuditBroker audit, SandboxKnobs knobs, SandboxHttpServer server)
    {
        _store = store;
        _core = core;
        _audit = audit;
        _knobs = knobs;
        _server = server;
        Port = server.Port;
    }

    /// <summary>"http://127.0.0.1:&lt;port&gt;".</summary>
    public string Address => $"http://127.0.0.1:{Port}";

    public int Port { get; }

    public string DataPath => _store.DataPath;

    /// <summary>DataPath/unseal-keys.txt: a "#" header line, then one keys_base64 share per line.</summary>
    public string UnsealKeysPath => Path.Combine(DataPath, "unseal-keys.txt");

    /// <summary>DataPath/root-token: the root token and a newline.</summary>
    public string RootTokenPath => Path.Combine(DataPath, "root-token");

    /// <summary>Delay added to every request; can be changed while running.</summary>
    public TimeSpan Latency
    {
        get => _knobs.Latency;
        set => _knobs.Latency = value;
    }

    /// <summary>The HA/replication role sys/health reports; can be changed while running.</summary>
    public SandboxRole Role
    {
        get => _knobs.Role;
        set => _knobs.Role = value;
    }

    /// <summary>The listener's unauthenticated_metrics_access: sys/metrics without a token; can be changed while running.</summary>
    public bool UnauthenticatedMetricsAccess
    {
        get => _knobs.UnauthenticatedMetricsAccess;
        set => _knobs.UnauthenticatedMetricsAccess = value;
    }

    public bool IsRunning
    {
        get
        {
            lock (_lifecycle)
            {
                return _server is not null;
            }
        }
    }

    public bool IsSealed => CurrentCore.IsSealed;

    public bool IsInitialized => CurrentCore.IsInitialized;

    int IHaMember.Index => _nodeIndex;

    // Read without _lifecycle: a request asking who leads must not wait for a Restart draining that very request.
    SandboxCore? IHaMember.RunningCore => Volatile.Read(ref _server) is null ? null : Volatile.Read(ref _core);

    SandboxDispatcher? IHaMember.RunningDispatcher => Volatile.Read(ref _server) is null ? null : Volatile.Read(ref _dispatcher);

    /// <summary>Whether this node holds its cluster's leadership (a single sandbox: false).</summary>
    internal bool IsActiveNode => _ha?.IsActive ?? false;

    private SandboxCore CurrentCore
    {
        get
        {
            lock (_lifecycle)
            {
                return _core;
            }
        }
    }

    /// <summary>
    /// Validates <paramref name="options"/>, binds the port, then initialises a new server (or reloads
    /// the one DataPath holds, sealed) and starts serving.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Shares, Threshold, Port or Latency out of range (ParamName says which).</exception>
    /// <exception cref="SandboxPortInUseException">The port is taken.</exception>
    public static VaultSandbox Start(SandboxOptions options) => Start(options, ha: null, index: 0);

    /// <summary>Starts node <paramref name="index"/> of an HA cluster: a member of <paramref name="ha"/> (null: a single server).</summary>
    internal static VaultSandbox Start(SandboxOptions options, SandboxHa? ha, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var knobs = new SandboxKnobs { Latency = options.Latency, UnauthenticatedMetricsAccess = options.UnauthenticatedMetricsAccess };
        (string dataPath, bool createdDataPath) = PrepareDataPath(options.DataPath);
        var store = new SandboxStore(dataPath);
        SandboxHttpServer? server = null;
        try
        {
            server = SandboxHttpServer.Bind(options.Port, knobs);
            SandboxCore core = SandboxCore.Load(store);
            var audit = new AuditBroker(core);
            var sandbox = new VaultSandbox(store, core, audit, knobs, server);
            if (!core.IsInitialized && options.Initialize)
            {
                sandbox.InitializeAndWriteKeyFiles(options.Shares, options.Threshold);
            }

            if (ha is not null)
            {
                sandbox._nodeIndex = index;
                sandbox._ha = new SandboxHaNode(ha, sandbox);
                ha.Add(sandbox);
            }

            sandbox._dispatcher = SandboxRoutes.Build(core, knobs, audit, sandbox._ha);
            server.Start(sandbox._dispatcher);
            return sandbox;
        }
        catch
        {
            server?.Stop();
            if (createdDataPath)
            {
                TryDeleteDirectory(dataPath);
            }

            throw;
        }
    }

    /// <summary>
    /// Makes every request fail as <paramref name="fault"/> says for <paramref name="duration"/>
    /// (Timeout.InfiniteTimeSpan: until <see cref="ClearFaults"/>): a status such as 503 "Vault is
    /// sealed", added latency, or a dropped connection. Faults act before Vault's own handling
    /// (nothing is audited or changed), include sys/health unless <see cref="SandboxFault.AffectsHealth"/>
    /// is false, and survive <see cref="Restart"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive, or the fault's status code or latency is out of range.</exception>
    public void InjectFault(SandboxFault fault, TimeSpan duration) => _knobs.InjectFault(fault, duration);

    /// <summary>Ends every injected fault at once.</summary>
    public void ClearFaults() => _knobs.ClearFaults();

    /// <summary>Stops serving and releases the port; the in-memory server is sealed. Idempotent.</summary>
    public void Stop()
    {
        lock (_lifecycle)
        {
            _server?.Stop();
            _server = null;
            _core.Seal();
            _audit.Dispose();
        }
    }

    /// <summary>
    /// Stops, then starts again at the same port with the state reloaded from DataPath: the server
    /// comes back SEALED with its data, like a restarted Vault process.
    /// </summary>
    public void Restart()
    {
        lock (_lifecycle)
        {
            _server?.Stop();
            _server = null;
            _core.Seal();
            _audit.Dispose();

            SandboxCore core = SandboxCore.Load(_store);
            var audit = new AuditBroker(core);
            SandboxHttpServer server = BindSamePort();
            SandboxDispatcher dispatcher = SandboxRoutes.Build(core, _knobs, audit, _ha);
            server.Start(dispatcher);
            _dispatcher = dispatcher;
            _core = core;
            _audit = audit;
            _server = server;
        }
    }

    public void Dispose() => Stop();

    /// <summary>Seals this node as it runs (the barrier closes; the port stays open).</summary>
    internal void SealNode() => CurrentCore.Seal();

    /// <summary>The HMAC salt of the audit device at <paramref name="path"/> ("file" or "file/"); null when sealed or absent. For tests.</summary>
    internal string? AuditSalt(string path)
    {
        string key = path.EndsWith('/') ? path : path + "/";
        return CurrentCore.State?.AuditDevices?.GetValueOrDefault(key)?.Salt;
    }

    private static void Validate(SandboxOptions options)
    {
        if (SealConfigRules.Validate(options.Shares, options.Threshold) is { } invalid)
        {
            object actual = invalid.Parameter == nameof(SandboxOptions.Shares) ? options.Shares : options.Threshold;
            throw new ArgumentOutOfRangeException(invalid.Parameter, actual, invalid.Message);
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(SandboxOptions.Port), options.Port, "port must be 0 (any free port) or 1..65535");
        }

        if (options.Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SandboxOptions.Latency), options.Latency, "latency cannot be negative");
        }
    }

    private static (string Path, bool Created) PrepareDataPath(string? requested)
    {
        if (requested is null)
        {
            DirectoryInfo temp = Directory.CreateTempSubdirectory("vaultrunbook-sandbox-");
            RestrictToOwner(temp.FullName);
            return (temp.FullName, true);
        }

        string full = Path.GetFullPath(requested);
        if (Directory.Exists(full))
        {
            return (full, false);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        RestrictToOwner(full);
        return (full, true);
    }

    private static void RestrictToOwner(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void InitializeAndWriteKeyFiles(int shares, int threshold)
    {
        CoreResult<InitResult> result = _core.Initialize(shares, threshold);
        if (result.Error is { } error)
        {
            throw new InvalidOperationException("The sandbox could not initialise: " + error.Message);
        }

        InitResult init = result.Value!;
        var keys = new StringBuilder();
        keys.Append("# Vault sandbox unseal keys (keys_base64), ")
            .Append(threshold).Append(" of ").Append(shares).Append(" needed to unseal. Keep private.\n");
        foreach (byte[] share in init.KeyShares)
        {
            keys.Append(Convert.ToBase64String(share)).Append('\n');
        }

        byte[] keyBytes = Encoding.UTF8.GetBytes(keys.ToString());
        byte[] tokenBytes = Encoding.UTF8.GetBytes(init.RootToken + "\n");
        try
        {
            AtomicFile.Write(UnsealKeysPath, keyBytes);
            AtomicFile.Write(RootTokenPath, tokenBytes);
        }
        finally
        {
            Array.Clear(keyBytes);
            Array.Clear(tokenBytes);
            foreach (byte[] share in init.KeyShares)
            {
                Array.Clear(share);
            }
        }
    }

    private SandboxHttpServer BindSamePort()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return SandboxHttpServer.Bind(Port, _knobs);
            }
            catch (SandboxPortInUseException) when (attempt < RestartBindAttempts)
            {
                // The old socket may take a moment to go away.
                Thread.Sleep(50);
            }
        }
    }
}
