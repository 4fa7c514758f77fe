namespace VaultRunbook.Engine.Vault;

/// <summary>A value's HMAC under an audit device's salt, as it appears in that device's log.</summary>
public sealed record AuditHash(string Device, string Hash, string Address);
