using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// Vault's path_sign_verify.go. POST sign/:name[/:hash_algorithm]: {"signature":"vault:vN:...",
/// "key_version":N}. POST verify/:name[/:hash_algorithm]: {"valid":true|false}; a well-formed
/// signature that does not match is valid:false, a malformed one a 400. With batch_input, both
/// answer {"batch_results":[...]} in input order (sign: signature, key_version, error, reference;
/// verify: valid, error, reference), a failed item carrying its error instead of failing the
/// request. HMAC verification is not served.
/// </summary>
internal sealed class TransitSignVerifyEndpoint(TransitStore store)
{
    private const string HashSegment = "(?:/(?<urlalgorithm>.+))?";

    public void Map(LogicalRouteTable routes)
    {
        routes.Map("sign/" + TransitRequest.NamePattern + HashSegment, exists: null, (LogicalOperation.Update, r => ValueTask.FromResult(SignAnswer(r))));
        routes.Map("verify/" + TransitRequest.NamePattern + HashSegment, exists: null, (LogicalOperation.Update, r => ValueTask.FromResult(VerifyAnswer(r))));
    }

    private LogicalResponse SignAnswer(LogicalRequest request)
    {
        if (TransitRequest.FieldError(request.Data) is { } fieldError)
        {
            return TransitRequest.Respond(fieldError);
        }

        if (TransitRequest.Parse(request, out CoreError? error) is not { } parsed)
        {
            return TransitRequest.Respond(error!);
        }

        if (parsed.SigningKey(store, request, verification: false, out LogicalResponse? refusal) is not { } key)
        {
            return refusal!;
        }

        List<Dictionary<string, string>>? batch = TransitRequest.Batch(request.Data, out CoreError? batchError);
        if (batchError is not null)
        {
            return TransitRequest.Respond(batchError);
        }

        return TransitRequest.Results(batch ?? [TransitRequest.Single(request.Data, "input", "context")], batch is not null, item =>
        {
            var result = new JsonObject { ["key_version"] = 0 };
            if (parsed.Input(item, key, out string? inputError) is not { } input)
            {
                return (result, new CoreError(400, inputError!));
            }

            (string? signature, int version, CoreError? signError) = TransitSigner.Sign(key, parsed.KeyVersion, input, parsed.Options);
            if (signError is null)
            {
                result["signature"] = signature;
                result["key_version"] = version;
            }

            return (result, signError);
        });
    }

    private LogicalResponse VerifyAnswer(LogicalRequest request)
    {
        if (TransitRequest.FieldError(request.Data) is { } fieldError)
        {
            return TransitRequest.Respond(fieldError);
        }

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

        if (parsed.SigningKey(store, request, verification: true, out LogicalResponse? refusal) is not { } key)
        {
            return refusal!;
        }

        return TransitRequest.Results(items, batch is not null, item =>
        {
            var result = new JsonObject { ["valid"] = false };
            if (parsed.Input(item, key, out string? inputError) is not { } input)
            {
                return (result, new CoreError(400, inputError!));
            }

            if (!item.TryGetValue("signature", out string? signature))
            {
                return (result, new CoreError(400, "missing signature"));
            }

            (bool valid, CoreError? verifyError) = TransitSigner.Verify(key, input, signature, parsed.Options);
            result["valid"] = valid && verifyError is null;
            return (result, verifyError);
        });
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
