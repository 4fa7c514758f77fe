using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// A secret that could not be resolved: not set in the environment, absent from Vault, a missing field, Vault
/// unavailable where no fallback is allowed, or a name the secret map does not know. Never carries a value.
/// </summary>
public sealed class ResolutionException : EngineException
{
    public const string SecretNotFound = "VaultRunbook.Resolution.SecretNotFound";
    public const string FieldNotFound = "VaultRunbook.Resolution.FieldNotFound";
    public const string VaultUnavailable = "VaultRunbook.Resolution.VaultUnavailable";
    public const string NotMapped = "VaultRunbook.Resolution.NotMapped";

    public ResolutionException(string errorId, ErrorKind kind, string message, string name, Exception? inner = null)
        : base(errorId, kind, message, inner)
    {
        Name = name;
        Target = name;
    }

    /// <summary>The environment variable name that was being resolved.</summary>
    public string Name { get; }
}
