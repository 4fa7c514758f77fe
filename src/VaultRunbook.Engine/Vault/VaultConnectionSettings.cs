using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// How to reach one Vault node. <see cref="Resolve"/> fills what the caller left out from the environment with
/// the Vault CLI's meaning: VAULT_ADDR, VAULT_TOKEN or ~/.vault-token, VAULT_NAMESPACE, VAULT_CACERT and
/// VAULT_SKIP_VERIFY.
/// </summary>
public sealed record VaultConnectionSettings
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public required Uri Address { get; init; }

    public SensitiveString? Token { get; init; }

    public string? Namespace { get; init; }

    public string? CACertificatePath { get; init; }

    public bool SkipCertificateCheck { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Retries of idempotent calls (DESIGN rule 9): total attempts, including the first.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The first backoff delay; later ones double, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Warnings raised while resolving (VAULT_SKIP_VERIFY, a readable token file), never secrets.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    public string AddressText => VaultAddress.Format(Address);

    /// <summary>
    /// Builds settings for one node. Explicit values win; anything null comes from <paramref name="environment"/>
    /// (a lookup of environment variables) and the token helper file in <paramref name="homeDirectory"/>.
    /// </summary>
    public static VaultConnectionSettings Resolve(
        string? address,
        SensitiveString? token,
        string? @namespace,
        string? caCertificatePath,
        bool? skipCertificateCheck,
        TimeSpan? timeout,
        Func<string, string?> environment,
        string? homeDirectory)
    {
        var warnings = new List<string>();
        var uri = VaultAddress.Parse(address ?? NonEmpty(environment("VAULT_ADDR")) ?? VaultAddress.Default);

        token ??= TokenFromEnvironment(environment, homeDirectory, warnings);

        var skip = skipCertificateCheck;
        if (skip is null && NonEmpty(environment("VAULT_SKIP_VERIFY")) is { } skipText)
        {
            skip = ParseBool(skipText, "VAULT_SKIP_VERIFY");
        }

        if (skip == true && uri.Scheme == Uri.UriSchemeHttps)
        {
            warnings.Add($"TLS certificate verification is disabled for {VaultAddress.Format(uri)}; anyone on the path can read the token.");
        }

        var caPath = caCertificatePath ?? NonEmpty(environment("VAULT_CACERT"));
        if (caPath is not null && !File.Exists(caPath))
        {
            throw new ConfigurationException("VaultRunbook.Vault.CACertificateNotFound", $"The CA certificate file '{caPath}' does not exist.") { Target = caPath };
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ConfigurationException("VaultRunbook.Vault.InvalidTimeout", "The timeout must be greater than zero.");
        }

        return new VaultConnectionSettings
        {
            Address = uri,
            Token = token,
            Namespace = @namespace ?? NonEmpty(environment("VAULT_NAMESPACE")),
            CACertificatePath = caPath,
            SkipCertificateCheck = skip ?? false,
            Timeout = timeout ?? DefaultTimeout,
            Warnings = warnings,
        };
    }

    private static SensitiveString? TokenFromEnvironment(Func<string, string?> environment, string? homeDirectory, List<string> warnings)
    {
        if (NonEmpty(environment("VAULT_TOKEN")) is { } fromVariable)
        {
            return new SensitiveString(fromVariable.Trim());
        }

        if (string.IsNullOrEmpty(homeDirectory))
        {
            return null;
        }

        var helperFile = Path.Combine(homeDirectory, ".vault-token");
        if (!File.Exists(helperFile))
        {
            return null;
        }

        if (FilePermissions.IsReadableByOthers(helperFile))
        {
            warnings.Add($"The token file '{helperFile}' can be read by other users; restrict it with chmod 600.");
        }

        var text = File.ReadAllText(helperFile).Trim();
        return text.Length == 0 ? null : new SensitiveString(text);
    }

    private static bool ParseBool(string text, string name) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new ConfigurationException("VaultRunbook.Vault.InvalidEnvironment", $"{name} must be true or false, not '{text}'."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
