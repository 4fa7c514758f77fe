using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The canary step of the runbook (kubectl patch virtualservice ... 90/10 -> 50/50) through the custom-objects API:
/// every http route of the Istio VirtualService that splits traffic between the stable and canary subsets gets the
/// new weights, in one JSON patch that first tests the weights it read (custom resources take no strategic merge patch).
/// </summary>
public static class CanaryWeightService
{
    public const string Group = "networking.istio.io";
    public const string Plural = "virtualservices";
    public const string RoutesMismatch = "VaultRunbook.K8s.CanaryRoutesMismatch";
    public const string WeightsInvalid = "VaultRunbook.K8s.CanaryWeightsInvalid";
    public const string IstioNotServed = "VaultRunbook.K8s.IstioNotServed";

    /// <summary>Reads the VirtualService and plans the change: the weights now and after; nothing is sent but reads.</summary>
    /// <exception cref="KubeException">IstioNotServed, NotFound, CanaryRoutesMismatch, CanaryWeightsInvalid.</exception>
    public static async Task<(K8sCanaryWeight Plan, string Patch)> PlanAsync(KubeConnection connection, string ns, string name, int canaryPercent, string stableSubset, string canarySubset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var what = $"virtualservice {ns}/{name}";
        var stable = 100 - canaryPercent;
        if (canaryPercent is < 0 or > 100 || stable + canaryPercent != 100 || stableSubset == canarySubset)
        {
            throw new KubeException(WeightsInvalid, ErrorKind.InvalidArgument, $"The canary weight must be 0 to 100 (the stable subset gets the rest, so they sum to 100), and the stable and canary subsets must differ; got {canaryPercent} for '{canarySubset}' against '{stableSubset}'.") { Target = what };
        }

        var client = connection.Client;
        var groups = await KubeErrors.Call("the API groups", () => client.Apis.GetAPIVersionsAsync(cancellationToken), connection.Server).ConfigureAwait(false);
        var versions = groups.Groups?.FirstOrDefault(g => g.Name == Group)?.Versions?.Select(v => v.Version).ToList() ?? [];
        var version = versions.Contains("v1") ? "v1" : versions.Contains("v1beta1") ? "v1beta1" : null;
        if (version is null)
        {
            throw new KubeException(IstioNotServed, ErrorKind.ObjectNotFound, $"The API server {connection.Server} does not serve {Group} v1 or v1beta1 (is Istio installed?).") { Target = what };
        }

        var service = await KubeErrors.Call(what, () => client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(Group, version, ns, Plural, name, cancellationToken), connection.Server).ConfigureAwait(false);
        var patch = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = service["metadata"]?["resourceVersion"]?.DeepClone() });
        int? previousStable = null;
        int? previousCanary = null;
        var routes = 0;
        foreach (var (http, h) in (service["spec"]?["http"] as JsonArray ?? []).Select((node, i) => (node, i)))
        {
            var destinations = (http?["route"] as JsonArray ?? []).Select((node, i) => (Subset: node?["destination"]?["subset"]?.GetValue<string>(), Weight: node?["weight"], Index: i)).ToList();
            var ours = destinations.Where(d => d.Subset == stableSubset || d.Subset == canarySubset).ToList();
            if (ours.Count == 0)
            {
                continue;
            }

            if (destinations.Count != 2 || ours.Count != 2 || ours[0].Subset == ours[1].Subset)
            {
                throw new KubeException(RoutesMismatch, ErrorKind.InvalidData, $"The http route {h} of {what} does not have exactly the two destinations '{stableSubset}' and '{canarySubset}' (it has: {string.Join(", ", destinations.Select(d => d.Subset ?? "(no subset)"))}); nothing was changed.") { Target = what };
            }

            routes++;
            foreach (var destination in ours)
            {
                var isStable = destination.Subset == stableSubset;
                var weight = destination.Weight is JsonValue value && value.TryGetValue<int>(out var w) ? w : 0;
                if (isStable)
                {
                    previousStable ??= weight;
                }
                else
                {
                    previousCanary ??= weight;
                }

                var path = $"/spec/http/{h}/route/{destination.Index}/weight";
                if (destination.Weight is not null)
                {
                    patch.Add(new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = destination.Weight.DeepClone() });
                }

                patch.Add(new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = isStable ? stable : canaryPercent });
            }
        }

        if (routes == 0)
        {
            throw new KubeException(RoutesMismatch, ErrorKind.InvalidData, $"No http route of {what} sends traffic to the subsets '{stableSubset}' and '{canarySubset}'; nothing was changed.") { Target = what };
        }

        var plan = new K8sCanaryWeight
        {
            Namespace = ns,
            Name = name,
            StableSubset = stableSubset,
            CanarySubset = canarySubset,
            StableWeight = stable,
            CanaryWeight = canaryPercent,
            PreviousStable = previousStable ?? 0,
            PreviousCanary = previousCanary ?? 0,
            Routes = routes,
            ApiVersion = $"{Group}/{version}",
            Server = connection.Server,
        };
        return (plan with { Changed = plan.PreviousStable != stable || plan.PreviousCanary != canaryPercent }, patch.ToJsonString());
    }

    /// <summary>Sends the planned JSON patch (when something changes) and reads the weights back from the answer.</summary>
    public static async Task<K8sCanaryWeight> ApplyAsync(KubeConnection connection, K8sCanaryWeight plan, string patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Changed)
        {
            return plan;
        }

        var version = plan.ApiVersion[(Group.Length + 1)..];
        var what = $"virtualservice {plan.Namespace}/{plan.Name}";
        var after = await KubeErrors.Call(what, () => connection.Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(new V1Patch(patch, V1Patch.PatchType.JsonPatch), Group, version, plan.Namespace, Plural, plan.Name, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var weights = (after["spec"]?["http"] as JsonArray ?? []).SelectMany(h => h?["route"] as JsonArray ?? []).Select(r => (Subset: r?["destination"]?["subset"]?.GetValue<string>(), Weight: r?["weight"]?.GetValue<int>())).ToList();
        return plan with
        {
            StableWeight = weights.FirstOrDefault(w => w.Subset == plan.StableSubset).Weight ?? plan.StableWeight,
            CanaryWeight = weights.FirstOrDefault(w => w.Subset == plan.CanarySubset).Weight ?? plan.CanaryWeight,
        };
    }
}
