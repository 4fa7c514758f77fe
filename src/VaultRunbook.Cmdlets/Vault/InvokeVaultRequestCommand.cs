using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Calls any Vault HTTP API path the module does not wrap yet; returns Vault's JSON answer as an object.</para>
/// <para type="description">The path is relative to /v1/. JSON integers stay integers (Int64, BigInteger past
/// it). An answer that is not JSON comes back as a string when it is text (sys/metrics?format=prometheus) and as a
/// byte array otherwise; an HTML page is an error. -Body takes a hashtable, an object or a JSON string, or a byte array
/// to send as it is (application/octet-stream, for example a raft snapshot to restore). GET,
/// HEAD and LIST are retried on transient failures; other methods are sent once (a refused connection excepted).
/// The answer may hold secrets when the endpoint returns them: that is what was asked for.</para>
/// <example><code>Invoke-VaultRequest -Method GET -Path auth/token/lookup-self | ForEach-Object { $_.data.policies }</code><para>Calls an API path the module does not wrap yet, here the token's own lookup, and lists the token's policies.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultRequest", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
public sealed class InvokeVaultRequestCommand : VaultCmdlet
{
    /// <summary>The node. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>The HTTP method (LIST is Vault's own).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "LIST", "HEAD", IgnoreCase = true)]
    public string Method { get; set; } = "GET";

    /// <summary>The API path after /v1/, for example sys/mounts or secret/data/app.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The request body: a hashtable, an object, or a JSON string; a byte array is sent as it is (application/octet-stream).</summary>
    [Parameter(Position = 2)]
    public object? Body { get; set; }

    /// <summary>Query string parameters.</summary>
    [Parameter]
    public Hashtable? Query { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var method = Method.ToUpperInvariant();
        var path = Path.Trim().TrimStart('/');
        if (path.StartsWith("v1/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[3..];
        }

        // A query written into the path (sys/metrics?format=prometheus) is a query, not part of the last segment.
        var query = Query?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? string.Empty) ?? new Dictionary<string, string>();
        if (path.IndexOf('?', StringComparison.Ordinal) is var mark and >= 0)
        {
            foreach (var pair in path[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                query.TryAdd(key, equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]));
            }

            path = path[..mark];
        }

        var readOnly = method is "GET" or "HEAD" or "LIST";
        if (!readOnly && !ShouldProcess($"{settings.AddressText}/v1/{path}", method))
        {
            return;
        }

        // A byte array goes as it is (a raft snapshot to restore), not as a JSON array of numbers.
        var raw = (Body is PSObject wrapped ? wrapped.BaseObject : Body) as byte[];
        var request = new VaultRequest
        {
            Method = method,
            Path = path,
            Body = raw is null ? ParseBody() : null,
            RawBody = raw is null ? null : () => new MemoryStream(raw, writable: false),
            Query = query,
            Idempotent = readOnly,
            AcceptNonJson = true,
        };

        try
        {
            var response = Run(ct => ClientFor(settings).SendAsync(request, ct));
            foreach (var warning in response.Warnings)
            {
                WriteWarning($"Vault: {warning}");
            }

            if (response.Body is { } body)
            {
                WriteObject(JsonConversion.ToPowerShell(body), enumerateCollection: false);
            }
            else if (response.Text is { } text)
            {
                WriteObject(text);
            }
            else if (response.Bytes is { } bytes)
            {
                WriteObject(bytes, enumerateCollection: false);
            }
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, $"{settings.AddressText}/v1/{path}");
        }
    }

    private JsonNode? ParseBody()
    {
        if (Body is null)
        {
            return null;
        }

        var raw = Body is PSObject wrapped ? wrapped.BaseObject : Body;
        if (raw is string text)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "VaultRunbook.Request.InvalidBody", ErrorCategory.InvalidArgument, $"-Body is a string but not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", null));
            }
        }

        return JsonConversion.ToJson(Body);
    }
}
