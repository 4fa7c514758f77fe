using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace VaultRunbook.FakeKube;

/// <summary>
/// One HTTP/1.1 request and its response on a TLS connection (kubectl sends a bearer token only over TLS, and
/// HttpListener does no TLS on Linux). Every response closes the connection; a watch streams chunks until it ends.
/// </summary>
internal sealed class HttpExchange
{
    private readonly Stream _stream;
    private bool _chunked;

    private HttpExchange(Stream stream, string method, string target, Dictionary<string, string> headers, byte[] body)
    {
        _stream = stream;
        Method = method;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        Path = Uri.UnescapeDataString(question < 0 ? target : target[..question]);
        PathAndQuery = target;
        Query = System.Web.HttpUtility.ParseQueryString(question < 0 ? string.Empty : target[(question + 1)..]);
        Headers = headers;
        RawBody = body;
        Body = Encoding.UTF8.GetString(body);
    }

    public string Method { get; }

    public string Path { get; }

    public string PathAndQuery { get; }

    public NameValueCollection Query { get; }

    public Dictionary<string, string> Headers { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as text (JSON or YAML); a protobuf body is replaced by its JSON form before routing.</summary>
    public string Body { get; private set; }

    /// <summary>The body's bytes as sent.</summary>
    public byte[] RawBody { get; }

    public void ReplaceBody(string json) => Body = json;

    /// <summary>Reads one request; null when the client closed the connection first.</summary>
    public static async Task<HttpExchange?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count > 64 * 1024)
            {
                throw new IOException("request head too large");
            }
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length, CultureInfo.InvariantCulture) is var count and > 0)
        {
            body = new byte[count];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            body = [];
        }

        return new HttpExchange(stream, requestLine[0], requestLine[1], headers, body);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                return body.ToArray();
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
            body.Write(chunk);
            await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != '\n')
        {
            if (one[0] != '\r')
            {
                line.Append((char)one[0]);
            }
        }

        return line.ToString();
    }

    public async Task RespondAsync(int status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\nDate: {DateTimeOffset.UtcNow:R}\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task BeginStreamAsync(int status, string contentType, CancellationToken cancellationToken)
    {
        _chunked = true;
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nDate: {DateTimeOffset.UtcNow:R}\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteChunkAsync(byte[] data, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task EndStreamAsync()
    {
        if (_chunked)
        {
            await _stream.WriteAsync("0\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        _ => "Error",
    };
}
