using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>The peer answered, but not with Vault's JSON: an HTML page from a proxy, an empty body, a truncated document.</summary>
public sealed class VaultInvalidResponseException : EngineException
{
    public VaultInvalidResponseException(string address, string path, int statusCode, string reason)
        : this(address, path, statusCode, reason, "Is this address a Vault node (and not a proxy or load-balancer page)?")
    {
    }

    /// <summary>With <paramref name="hint"/> in place of the proxy question, where another cause is likelier.</summary>
    public VaultInvalidResponseException(string address, string path, int statusCode, string reason, string hint)
        : base("VaultRunbook.Vault.InvalidResponse", ErrorKind.InvalidResult,
            $"The server at {address} answered {statusCode} to /v1/{path} with {reason}, not Vault's JSON. {hint}")
    {
        Address = address;
        StatusCode = statusCode;
        Target = address;
    }

    public string Address { get; }

    public int StatusCode { get; }
}
