using System.Security;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// Everything a resolver cmdlet's <see cref="ResolverKey"/> is made from, as given: the path and connection
/// parameters and the environment variables that default them (and the ~/.vault-token file's stamp when the token
/// comes from it). Equal inputs make an equal key, so a session remembers the key (and the resolved connection) of
/// the inputs it has seen instead of resolving paths and settings on every call, and a call whose inputs equal the
/// last call's (the record's own equality, no hash) takes that call's resolver at once. A -Token compares by reference;
/// VAULT_TOKEN is held as a SensitiveString, so the record never prints it.
/// </summary>
internal sealed record CallInputs(
    string? SecretMap,
    string? ConfigPath,
    string? StatsPath,
    string? Address,
    string? Namespace,
    string? CACertificatePath,
    bool SkipCertificateCheck,
    int TimeoutSec,
    SecureString? Token,
    string? MapVariable,
    string? RolloutVariable,
    string? StatsVariable,
    string? VaultAddress,
    SensitiveString? VaultToken,
    string? VaultNamespace,
    string? VaultCACert,
    string? VaultSkipVerify,
    FileStamp TokenFile)
{
    /// <summary>The inputs of a call, or null when a path is relative (it then depends on the current location too).</summary>
    public static CallInputs? Take(string? secretMap, string? configPath, string? statsPath, string? address, string? @namespace, string? caCertificatePath, bool skipCertificateCheck, int timeoutSec, SecureString? token)
    {
        if (!Absolute(secretMap) || !Absolute(configPath) || !Absolute(statsPath) || !Absolute(caCertificatePath))
        {
            return null;
        }

        var vaultToken = Environment.GetEnvironmentVariable("VAULT_TOKEN");
        var tokenFile = token is null && string.IsNullOrWhiteSpace(vaultToken)
            ? FileStamp.Current(TokenFilePath)
            : default;
        return new CallInputs(
            secretMap,
            configPath,
            statsPath,
            address,
            @namespace,
            caCertificatePath,
            skipCertificateCheck,
            timeoutSec,
            token,
            Environment.GetEnvironmentVariable(ResolutionPaths.SecretMapVariable),
            Environment.GetEnvironmentVariable(RolloutPaths.ConfigVariable),
            Environment.GetEnvironmentVariable(ResolutionPaths.StatsVariable),
            Environment.GetEnvironmentVariable("VAULT_ADDR"),
            string.IsNullOrEmpty(vaultToken) ? null : new SensitiveString(vaultToken),
            Environment.GetEnvironmentVariable("VAULT_NAMESPACE"),
            Environment.GetEnvironmentVariable("VAULT_CACERT"),
            Environment.GetEnvironmentVariable("VAULT_SKIP_VERIFY"),
            tokenFile);
    }

    private static string TokenFilePath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".vault-token");

    private static bool Absolute(string? path) => path is null || Path.IsPathFullyQualified(path);
}
