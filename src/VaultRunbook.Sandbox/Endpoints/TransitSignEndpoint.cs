using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// POST sign/:name[/:hash_algorithm] (Vault's pathSignWrite): {"signature":"vault:vN:...",
/// "key_version":N}; with batch_input, {"batch_results":[{signature, key_version, error, reference}]}
/// in input order, a failed item carrying its error instead of failing the request.
/// </summary>
internal sealed class TransitSignEndpoint(TransitStore store)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("sign/" + TransitRequest.NamePattern + "(?:/(?<urlalgorithm>.+))?", exists: null, (LogicalOperation.Update, Sign));

    private ValueTask<LogicalResponse> Sign(LogicalRequest request) => ValueTask.FromResult(Answer(request));

    private LogicalResponse Answer(LogicalRequest request)
    {
        if (TransitRequest.Parse(request, out CoreError? error) is not { } parsed)
        {
            return TransitRequest.Respond(error!);
        }

        if (store.Current(request.Mount) is not { } mount)
        {
            return LogicalResponse.Sealed;
        }

        if (mount.TransitKeys?.GetValueOrDefault(request.Param("name")) is not { } key)
        {
            return LogicalResponse.Invalid("signing key not found");
        }

        if (!TransitKeyType.SupportsSigning(key.Type))
        {
            return LogicalResponse.Invalid($"key type {key.Type} does not support signing");
        }

        if (parsed.CheckNone() is { } none)
        {
            return TransitRequest.Respond(none);
        }

        List<Dictionary<string, string>>? batch = TransitRequest.Batch(request.Data, out CoreError? batchError);
        if (batchError is not null)
        {
            return TransitRequest.Respond(batchError);
        }

        List<Dictionary<string, string>> items = batch ?? [TransitRequest.Single(request.Data, "input", "context")];
        var results = new JsonArray();
        foreach (Dictionary<string, string> item in items)
        {
            var result = new JsonObject();
            CoreError? itemError;
            if (parsed.Input(item, key, out string? inputError) is not { } input)
            {
                itemError = new CoreError(400, inputError!);
            }
            else
            {
                (string? signature, int version, itemError) = TransitSigner.Sign(key, parsed.KeyVersion, input, parsed.Options);
                if (itemError is null)
                {
                    result["signature"] = signature;
                    result["key_version"] = version;
                }
            }

            if (itemError is not null)
            {
                if (batch is null)
                {
                    return TransitRequest.Respond(itemError);
                }

                result["error"] = itemError.Message;
                result["key_version"] = 0;
            }

            if (batch is not null)
            {
                result["reference"] = item.GetValueOrDefault("reference") ?? string.Empty;
            }

            results.Add(result);
        }

        return LogicalResponse.Ok(batch is null ? (JsonObject)results[0]!.DeepClone() : new JsonObject { ["batch_results"] = results });
    }
}
