using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace VaultRunbook.Engine.Vault;

/// <summary>Words for a refused server certificate, after curl's and the Vault CLI's (Go's crypto/x509).</summary>
internal static class TlsDiagnostics
{
    public static string NameMismatch(X509Certificate2 certificate, string host)
    {
        var names = NamesOf(certificate);
        return names.Count == 0
            ? $"x509: certificate is not valid for any names, but wanted to match {host}"
            : $"x509: certificate is valid for {string.Join(", ", names)}, not {host}";
    }

    public static string ChainProblem(X509Certificate2 certificate, IReadOnlyCollection<X509ChainStatus> statuses, string? caPath)
    {
        var flags = statuses.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var now = DateTime.UtcNow;
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0 || now > certificate.NotAfter.ToUniversalTime() || now < certificate.NotBefore.ToUniversalTime())
        {
            return now < certificate.NotBefore.ToUniversalTime()
                ? $"x509: certificate has expired or is not yet valid: current time {Stamp(now)} is before {Stamp(certificate.NotBefore.ToUniversalTime())}"
                : $"x509: certificate has expired or is not yet valid: current time {Stamp(now)} is after {Stamp(certificate.NotAfter.ToUniversalTime())}";
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            var where = caPath is null
                ? "it does not chain to a CA this system trusts; give the CA with -CACertificatePath or VAULT_CACERT"
                : $"it does not chain to a CA in '{caPath}'";
            return $"x509: certificate signed by unknown authority (issuer '{certificate.Issuer}': {where})";
        }

        if ((flags & X509ChainStatusFlags.Revoked) != 0)
        {
            return "x509: certificate has been revoked";
        }

        var details = string.Join("; ", statuses.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"x509: certificate is not trusted ({(details.Length > 0 ? details : flags.ToString())})";
    }

    private static List<string> NamesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(extension.EnumerateDnsNames());
            names.AddRange(extension.EnumerateIPAddresses().Select(ip => ip.ToString()));
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(commonName);
        }

        return names;
    }

    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
