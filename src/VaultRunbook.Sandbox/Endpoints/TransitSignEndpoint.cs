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
}
