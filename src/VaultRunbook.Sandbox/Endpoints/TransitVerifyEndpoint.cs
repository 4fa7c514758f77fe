using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// POST verify/:name[/:hash_algorithm] (Vault's pathVerifyWrite): {"valid":true|false}; a
/// well-formed signature that does not match is valid:false, a malformed one a 400. With
/// batch_input, {"batch_results":[{valid, error, reference}]}. HMAC verification is not served.
/// </summary>
internal sealed class TransitVerifyEndpoint(TransitStore store)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("verify/" + TransitRequest.NamePattern + "(?:/(?<urlalgorithm>.+))?", exists: null, (LogicalOperation.Update, Verify));

    private ValueTask<LogicalResponse> Verify(LogicalRequest request) => ValueTask.FromResult(Answer(request));

    private LogicalResponse Answer(LogicalRequest request)
    {
        List<Dictionary<string, string>>? batch = TransitRequest.Batch(request.Data, out CoreError? batchError);
        if (batchError is not null)
        {
            return TransitRequest.Respond(batchError);
        }

        List<Dictionary<string, string>> items = batch ?? [Single(request.Data)];
        if (Shape(items, batch is not null) is { } shapeError)
        {
            return LogicalResponse.Invalid(shapeError);
        }

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
            return LogicalResponse.Invalid("signature verification key not found");
        }

        if (!TransitKeyType.SupportsSigning(key.Type))
        {
            return LogicalResponse.Invalid($"key type {key.Type} does not support verification");
        }

        if (parsed.CheckNone() is { } none)
        {
            return TransitRequest.Respond(none);
        }

        var results = new JsonArray();
        foreach (Dictionary<string, string> item in items)
        {
            var result = new JsonObject { ["valid"] = false };
            CoreError? itemError = null;
            byte[]? input = parsed.Input(item, key, out string? inputError);
            if (input is null)
            {
                itemError = new CoreError(400, inputError!);
            }
            else if (!item.TryGetValue("signature", out string? signature))
            {
                itemError = new CoreError(400, "missing signature");
            }
            else
            {
                (bool valid, itemError) = TransitSigner.Verify(key, input, signature, parsed.Options);
                result["valid"] = valid;
            }

            if (itemError is not null)
            {
                if (batch is null)
                {
                    return TransitRequest.Respond(itemError);
                }

                result["valid"] = false;
                result["error"] = itemError.Message;
            }

            if (batch is not null)
            {
                result["reference"] = item.GetValueOrDefault("reference") ?? string.Empty;
            }

            results.Add(result);
        }

        return LogicalResponse.Ok(batch is null ? (JsonObject)results[0]!.DeepClone() : new JsonObject { ["batch_results"] = results });
    }

    /// <summary>The single request's item: input and context ("" when absent), signature and hmac only when given.</summary>
    private static Dictionary<string, string> Single(JsonObject? data)
    {
        Dictionary<string, string> item = TransitRequest.Single(data, "input", "context");
        foreach (string name in new[] { "signature", "hmac" })
        {
            string? ignored = null;
            if (LogicalFields.TryGetString(data, name, out string value, ref ignored))
            {
                item[name] = value;
            }
        }

        return item;
    }

    /// <summary>Vault's signature/hmac checks over all items, in its order.</summary>
    private static string? Shape(List<Dictionary<string, string>> items, bool isBatch)
    {
        bool signatureFound = false, hmacFound = false, missing = false;
        foreach (Dictionary<string, string> item in items)
        {
            if (item.ContainsKey("signature"))
            {
                signatureFound = true;
            }
            else if (item.ContainsKey("hmac"))
            {
                hmacFound = true;
            }
            else
            {
                missing = true;
            }
        }

        return (isBatch, signatureFound, hmacFound, missing) switch
        {
            (false, true, true, _) => "provide one of 'signature' or 'hmac'",
            (false, false, false, _) => "neither a 'signature' nor an 'hmac' were given to verify",
            (_, true, true, _) => "elements of batch_input must all provide 'signature' or all provide 'hmac'",
            (_, true, _, true) => "some elements of batch_input are missing 'signature'",
            (_, _, true, true) => "some elements of batch_input are missing 'hmac'",
            (_, _, _, true) => "no batch_input elements have 'signature' or 'hmac'",
            (_, _, true, _) => "the sandbox does not serve HMAC verification",
            _ => null,
        };
    }
}
