using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Ha;

/// <summary>One node of a <see cref="SandboxHa"/> cluster as the leadership lock sees it.</summary>
internal interface IHaMember
{
    /// <summary>Position in the cluster (0-based), for names and ordering.</summary>
    int Index { get; }

    /// <summary>The node's api_addr ("http://127.0.0.1:&lt;port&gt;").</summary>
    string Address { get; }

    /// <summary>The node's seal state machine while it serves; null when stopped. A restart replaces it.</summary>
    SandboxCore? RunningCore { get; }

    /// <summary>Where a standby hands a forwarded request; null when stopped.</summary>
    SandboxDispatcher? RunningDispatcher { get; }
}
