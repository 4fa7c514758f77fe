namespace VaultRunbook.Engine.Signing;

/// <summary>Who made a signature: Vault's transit engine, or the local fallback key during an outage.</summary>
public enum SigningMode
{
    Vault,
    Fallback,
}
