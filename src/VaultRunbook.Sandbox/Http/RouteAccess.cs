namespace VaultRunbook.Sandbox.Http;

/// <summary>Who may call a route.</summary>
internal enum RouteAccess
{
    /// <summary>A hand-written sys handler (health, seal-status, init, unseal, seal, leader) that does its own checks.</summary>
    Unauthenticated,

    /// <summary>A logical path: 503 while sealed, 403 without a valid token, then the method check.</summary>
    Token,
}
