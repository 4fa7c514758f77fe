using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VaultRunbook.FakeAws;

/// <summary>
/// Recomputes a request's AWS Signature Version 4 from AWS's documentation ("Create a signed AWS API request"):
/// canonical request, string to sign, signing key derived from the secret, and compares it with the one sent.
/// The answer is null when the request is good, else the failure kind and a message like the services give.
/// </summary>
public sealed class SigV4Check
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly IReadOnlyDictionary<string, string> _secrets;
    private readonly string _service;
    private readonly Func<DateTimeOffset> _now;

    public SigV4Check(string service, IReadOnlyDictionary<string, string> secrets, Func<DateTimeOffset> now)
    {
        _service = service;
        _secrets = secrets;
        _now = now;
    }

    /// <summary>How far X-Amz-Date may be from the server's clock (AWS allows 5 minutes... and 15 for some).</summary>
    public TimeSpan AllowedSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many requests passed verification, and how many were rejected.</summary>
    public int Verified { get; private set; }

    public int Rejected { get; private set; }

    public SigV4Failure? Verify(FakeRequest request)
    {
        var failure = Check(request);
        if (failure is null)
        {
            Verified++;
        }
        else
        {
            Rejected++;
        }

        return failure;
    }

    private SigV4Failure? Check(FakeRequest request)
    {
        var authorization = request.Header("Authorization");
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return new SigV4Failure(SigV4FailureKind.Missing, "Request is missing Authentication Token");
        }

        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, $"Credential should be scoped to a valid region, not '{credential}'.");
        }

        if (!_secrets.TryGetValue(scope[0], out var secret))
        {
            return new SigV4Failure(SigV4FailureKind.UnknownKey, "The security token included in the request is invalid.");
        }

        if (scope[3] != _service)
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, $"Credential should be scoped to correct service: '{_service}'.");
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        var now = _now();
        if ((now - signedAt).Duration() > AllowedSkew)
        {
            return new SigV4Failure(SigV4FailureKind.Expired, $"Signature expired: {amzDate} is now earlier than {now.Add(-AllowedSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - {AllowedSkew.TotalMinutes} min.)");
        }

        if (scope[1] != amzDate[..8])
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, "'Host' must be a signed header.");
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in names)
        {
            var values = request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => Trim(h.Value));
            canonicalHeaders.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        var payloadHash = Hex(SHA256.HashData(request.Body));
        var canonicalRequest = string.Join('\n', request.Method, CanonicalPath(request.RawPath), CanonicalQuery(request.RawQuery), canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return new SigV4Failure(SigV4FailureKind.Mismatch, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return null;
    }

    private static string Trim(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    // Non-S3 services: each segment of the (already encoded) path is encoded once more.
    private static string CanonicalPath(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(Encode));

    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        return string.Join('&', rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
