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
/// <para type="description">The path is relative to /v1/. -Body takes a hashtable, an object or a JSON string. GET,
/// HEAD and LIST are retried on transient failures; other methods are sent once (a refused connection excepted).
/// The answer may hold secrets when the endpoint returns them: that is what was asked for.</para>
/// <example><code>Invoke-VaultRequest -Method GET -Path auth/token/lookup-self | ForEach-Object { $_.data.policies }</code></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultRequest", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class InvokeVaultRequestCommand : VaultCmdlet
{
    /// <summary>The node. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>The HTTP method (LIST is Vault's own).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "LIST", "HEAD", IgnoreCase = true)]
    public string Method { get; set; } = "GET";

    /// <summary>The API path after /v1/, for example sys/mounts or secret/data/app.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The request body: a hashtable, an object, or a JSON string.</summary>
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

        var readOnly = method is "GET" or "HEAD" or "LIST";
        if (!readOnly && !ShouldProcess($"{settings.AddressText}/v1/{path}", method))
        {
            return;
        }

        var request = new VaultRequest
        {
            Method = method,
            Path = path,
            Body = ParseBody(),
            Query = Query?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? string.Empty),
            Idempotent = readOnly,
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
