using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// What the module remembers for one PowerShell session (DESIGN rule 14): the warnings already given (the
/// ~/.vault-token permission warning is given once per session, not per call) and the Vault addresses used or
/// started here, for -Address completion. One per runspace, dropped when the module is removed.
/// </summary>
internal sealed class ModuleSession
{
    private const int MaxRecentAddresses = 20;

    // Keyed weakly by runspace: a closed runspace takes its session with it, and Remove-Module drops it at once.
    private static readonly ConditionalWeakTable<Runspace, ModuleSession> Sessions = new();

    private readonly ConcurrentDictionary<string, byte> _warningsGiven = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentAddresses = new();
    private readonly List<Sandbox.VaultSandboxInstance> _sandboxes = new();
    private readonly ConcurrentDictionary<string, string> _transitPublicKeys = new(StringComparer.Ordinal);

    /// <summary>The session of the runspace running on this thread (a fresh one outside any runspace).</summary>
    public static ModuleSession Current =>
        Runspace.DefaultRunspace is { } runspace ? Sessions.GetValue(runspace, _ => new ModuleSession()) : new ModuleSession();

    /// <summary>Forgets the current runspace's session (module removal).</summary>
    public static void Remove()
    {
        if (Runspace.DefaultRunspace is { } runspace)
        {
            Sessions.Remove(runspace);
        }
    }

    /// <summary>
    /// Remembers a transit key's public keys (PEM by version) read while Vault was up, so Test-VaultSignature can
    /// check a vault:v&lt;N&gt; signature locally when Vault is down. Public keys only: nothing secret.
    /// </summary>
    public void RememberTransitPublicKeys(string address, string mount, string keyName, IReadOnlyDictionary<int, string> publicKeys)
    {
        foreach (var (version, pem) in publicKeys)
        {
            _transitPublicKeys[TransitKeyId(address, mount, keyName, version)] = pem;
        }
    }

    /// <summary>A transit public key remembered in this session, or null.</summary>
    public string? TransitPublicKey(string address, string mount, string keyName, int version) =>
        _transitPublicKeys.TryGetValue(TransitKeyId(address, mount, keyName, version), out var pem) ? pem : null;

    private static string TransitKeyId(string address, string mount, string keyName, int version) => $"{address}|{mount.Trim('/')}|{keyName}|{version}";

    /// <summary>True the first time a warning is seen in this session.</summary>
    public bool FirstTime(string warning) => _warningsGiven.TryAdd(warning, 0);

    /// <summary>Remembers an address (already without credentials), most recent first.</summary>
    public void RememberAddress(string address)
    {
        lock (_recentAddresses)
        {
            var existing = _recentAddresses.Find(address);
            if (existing is not null)
            {
                _recentAddresses.Remove(existing);
            }

            _recentAddresses.AddFirst(address);
            while (_recentAddresses.Count > MaxRecentAddresses)
            {
                _recentAddresses.RemoveLast();
            }
        }
    }

    /// <summary>Remembers a sandbox Start-VaultSandbox started; stopped ones are forgotten as they are noticed.</summary>
    public void RememberSandbox(Sandbox.VaultSandboxInstance sandbox)
    {
        lock (_sandboxes)
        {
            _sandboxes.RemoveAll(s => !s.Running);
            _sandboxes.Add(sandbox);
        }
    }

    /// <summary>The addresses of this session's sandboxes that still run, newest first.</summary>
    public IReadOnlyList<string> RunningSandboxes
    {
        get
        {
            lock (_sandboxes)
            {
                _sandboxes.RemoveAll(s => !s.Running);
                return _sandboxes.Select(s => s.Address).Reverse().ToArray();
            }
        }
    }

    public IReadOnlyList<string> RecentAddresses
    {
        get
        {
            lock (_recentAddresses)
            {
                return _recentAddresses.ToArray();
            }
        }
    }
}
