using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Ha;

/// <summary>
/// The leadership lock of a sandbox HA cluster (Vault's HA backend lock, in process). Only an unsealed node can
/// hold it; the node unsealed first takes it. The holder loses it when it is sealed, restarted or stopped, or
/// steps down; then the unsealed standby that has been unsealed longest takes it. A node that stepped down does
/// not compete for <see cref="StepDownHoldOff"/> (Vault's manual step-down sleep), so a cluster with no other
/// unsealed node has no leader for that long and then the same node leads again. Leadership is worked out when
/// asked (every health, leader and forwarded request asks), so no background timer runs.
/// </summary>
internal sealed class SandboxHa(TimeSpan stepDownHoldOff)
{
    private readonly object _gate = new();
    private readonly List<IHaMember> _members = [];
    private readonly Dictionary<IHaMember, long> _holdOffUntil = [];
    private IHaMember? _active;
    private SandboxCore? _activeCore;
    private DateTimeOffset _activeSince;

    public TimeSpan StepDownHoldOff { get; } = stepDownHoldOff;

    public IReadOnlyList<IHaMember> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members];
            }
        }
    }

    public void Add(IHaMember member)
    {
        lock (_gate)
        {
            _members.Add(member);
        }
    }

    public HaLeader Leader()
    {
        lock (_gate)
        {
            ResolveUnderLock();
            return new HaLeader(_active, _activeSince);
        }
    }

    /// <summary>
    /// The active node gives up the lock: another unsealed node takes it at once, if there is one. False when
    /// <paramref name="member"/> is not the active node (Vault's step-down then does nothing).
    /// </summary>
    public bool StepDown(IHaMember member)
    {
        lock (_gate)
        {
            ResolveUnderLock();
            if (!ReferenceEquals(_active, member))
            {
                return false;
            }

            _holdOffUntil[member] = Environment.TickCount64 + (long)StepDownHoldOff.TotalMilliseconds;
            _active = null;
            _activeCore = null;
            ResolveUnderLock();
            return true;
        }
    }

    private void ResolveUnderLock()
    {
        if (_active is not null && (!ReferenceEquals(_active.RunningCore, _activeCore) || _activeCore!.IsSealed))
        {
            _active = null;
            _activeCore = null;
        }

        if (_active is not null)
        {
            return;
        }

        long now = Environment.TickCount64;
        IHaMember? next = null;
        SandboxCore? nextCore = null;
        long nextUnsealedAt = long.MaxValue;
        foreach (IHaMember member in _members)
        {
            SandboxCore? core = member.RunningCore;
            long unsealedAt = core?.UnsealedAt ?? 0;
            if (core is null || unsealedAt == 0 || unsealedAt >= nextUnsealedAt)
            {
                continue;
            }

            if (_holdOffUntil.TryGetValue(member, out long until) && now < until)
            {
                continue;
            }

            next = member;
            nextCore = core;
            nextUnsealedAt = unsealedAt;
        }

        if (next is null)
        {
            return;
        }

        // The new active node reads the shared store again: the old one may have written since it unsealed.
        nextCore!.Reload();
        _active = next;
        _activeCore = nextCore;
        _activeSince = DateTimeOffset.UtcNow;
    }
}
