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

    /// <summary>The clock the backoff waits on; a test puts a recording clock here instead of sleeping.</summary>
    public TimeProvider RetryClock { get; init; } = TimeProvider.System;

    /// <summary>The jitter's source of numbers in [0, 1); null is Polly's own random source.</summary>
    public Func<double>? RetryJitter { get; init; }

    /// <summary>Warnings about this call's input (VAULT_SKIP_VERIFY, credentials in the address), never secrets.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    /// <summary>Warnings about files that stay as they are between calls (a readable token file): once per session is enough.</summary>
    public IReadOnlyList<string> SessionWarnings { get; init; } = Array.Empty<string>();

    public string AddressText => VaultAddress.Format(Address);

    /// <summary>Where the token came from, for messages: "-Token", "VAULT_TOKEN" or the token file's path.</summary>
    public string TokenSource { get; init; } = "-Token";

    /// <summary>The longest timeout accepted, in seconds.</summary>
    public const int MaxTimeoutSeconds = 3600;

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
        var sessionWarnings = new List<string>();
        var uri = VaultAddress.Parse(address ?? NonEmpty(environment("VAULT_ADDR")) ?? VaultAddress.Default, warnings);

        var tokenSource = "-Token";
        if (token is null)
        {
            (token, tokenSource) = TokenFromEnvironment(environment, homeDirectory, sessionWarnings);
        }

        if (token is not null)
        {
            VaultHeaders.Check(VaultHeaders.Token, token.Reveal(), tokenSource);
        }

        var ns = @namespace ?? NonEmpty(environment("VAULT_NAMESPACE"));
        if (ns is not null)
        {
            VaultHeaders.Check(VaultHeaders.Namespace, ns, @namespace is null ? "VAULT_NAMESPACE" : "-Namespace");
        }

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
        if (caPath is not null)
        {
            sessionWarnings.AddRange(VaultCABundle.Load(caPath).Warnings);
        }

        if (timeout is { } t && (t <= TimeSpan.Zero || t > TimeSpan.FromSeconds(MaxTimeoutSeconds)))
        {
            throw new ConfigurationException(
                "VaultRunbook.Vault.InvalidTimeout",
                $"The timeout must be between 1 and {MaxTimeoutSeconds} seconds, not {t.TotalSeconds:0.###}.") { Target = t.TotalSeconds };
        }

        return new VaultConnectionSettings
        {
            Address = uri,
            Token = token,
            TokenSource = tokenSource,
            Namespace = ns,
            CACertificatePath = caPath,
            SkipCertificateCheck = skip ?? false,
            Timeout = timeout ?? DefaultTimeout,
            Warnings = warnings,
            SessionWarnings = sessionWarnings,
        };
    }

    private static (SensitiveString? Token, string Source) TokenFromEnvironment(Func<string, string?> environment, string? homeDirectory, List<string> warnings)
    {
        if (NonEmpty(environment("VAULT_TOKEN")) is { } fromVariable)
        {
            return (new SensitiveString(fromVariable.Trim()), "VAULT_TOKEN");
        }

        if (string.IsNullOrEmpty(homeDirectory))
        {
            return (null, "-Token");
        }

        var helperFile = Path.Combine(homeDirectory, ".vault-token");
        if (!File.Exists(helperFile))
        {
            return (null, "-Token");
        }

        if (FilePermissions.IsReadableByOthers(helperFile))
        {
            warnings.Add($"The token file '{helperFile}' can be read by other users; restrict it with chmod 600.");
        }

        // As the Vault CLI: one trailing newline is the file's end of line, not part of the token. Anything else
        // (a second line, a CR inside) stays, and the header check refuses it.
        var text = File.ReadAllText(helperFile);
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return string.IsNullOrWhiteSpace(text) ? (null, "-Token") : (new SensitiveString(text), $"the token file '{helperFile}'");
    }

    private static bool ParseBool(string text, string name) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new ConfigurationException("VaultRunbook.Vault.InvalidEnvironment", $"{name} must be true or false, not '{text}'."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
