using System.Net;

namespace VaultRunbook.Sandbox.Http;

/// <summary>A request as the handlers see it: method, unescaped path, Go-parsed query, body and token.</summary>
internal sealed record SandboxRequest(string Method, string Path, GoQuery Query, byte[] Body, string? Token)
{
    /// <summary>Vault's default max_request_size (32 MiB).</summary>
    public const int MaxBodySize = 32 * 1024 * 1024;

    /// <summary>The media type of the body (Content-Type without parameters), or null.</summary>
    public string? ContentType { get; init; }

    /// <summary>The client's IP address (what Vault's audit log calls remote_address).</summary>
    public string RemoteAddress { get; init; } = "127.0.0.1";

    /// <summary>The client's TCP port.</summary>
    public int RemotePort { get; init; }

    /// <summary>The request target as sent (path and query, still escaped): what a standby's 307 Location repeats.</summary>
    public string RawTarget { get; init; } = "/";

    /// <summary>X-Vault-No-Request-Forwarding was sent: a standby answers 307 instead of forwarding.</summary>
    public bool NoForwarding { get; init; }

    /// <summary>A standby of the sandbox's HA cluster handed this request to the active node.</summary>
    public bool Forwarded { get; init; }

    /// <summary>Null when the body is larger than <see cref="MaxBodySize"/>.</summary>
    public static async Task<SandboxRequest?> ReadAsync(HttpListenerRequest request, CancellationToken cancellationToken)
    {
        string raw = request.RawUrl ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(raw, UriKind.Absolute, out Uri? absolute))
        {
            raw = absolute.PathAndQuery;
        }

        int question = raw.IndexOf('?', StringComparison.Ordinal);
        string rawPath = question < 0 ? raw : raw[..question];
        string? rawQuery = question < 0 ? null : raw[(question + 1)..];

        byte[] body = [];
        if (request.HasEntityBody)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.InputStream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodySize)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        string? contentType = request.ContentType;
        int semicolon = contentType?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        if (semicolon >= 0)
        {
            contentType = contentType![..semicolon];
        }

        IPEndPoint? remote = request.RemoteEndPoint;
        return new SandboxRequest(
            request.HttpMethod,
            Uri.UnescapeDataString(rawPath),
            GoQuery.Parse(rawQuery),
            body,
            TokenFrom(request.Headers["X-Vault-Token"], request.Headers.GetValues("Authorization")))
        {
            ContentType = contentType?.Trim().ToLowerInvariant(),
            RemoteAddress = remote?.Address.ToString() ?? "127.0.0.1",
            RemotePort = remote?.Port ?? 0,
            RawTarget = raw,
            NoForwarding = !string.IsNullOrEmpty(request.Headers["X-Vault-No-Request-Forwarding"]),
        };
    }

    /// <summary>X-Vault-Token first; else the first "Bearer " Authorization header (case-sensitive prefix, as Vault).</summary>
    internal static string? TokenFrom(string? vaultTokenHeader, IEnumerable<string>? authorizationHeaders)
    {
        if (!string.IsNullOrEmpty(vaultTokenHeader))
        {
            return vaultTokenHeader;
        }

        foreach (string value in authorizationHeaders ?? [])
        {
            if (value.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return value[7..].Trim();
            }
        }

        return null;
    }
}
