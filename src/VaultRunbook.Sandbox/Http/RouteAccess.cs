namespace VaultRunbook.Sandbox.Http;

/// <summary>Who may call a route of the <see cref="RouteTable"/>.</summary>
internal enum RouteAccess
{
    /// <summary>A hand-written sys handler (health, seal-status, init, unseal, seal, leader) that does its own checks.</summary>
    Unauthenticated,
}
