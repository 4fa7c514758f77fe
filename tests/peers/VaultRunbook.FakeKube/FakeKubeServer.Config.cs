using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>Seeding for configuration objects: ConfigMaps, Secrets (data base64, as the API stores it) and Istio VirtualServices.</summary>
public sealed partial class FakeKubeServer
{
    public JsonObject AddConfigMap(string ns, string name, IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        AddNamespace(ns);
        var values = new JsonObject();
        foreach (var (key, value) in data)
        {
            values[key] = value;
        }

        return Create(ResourceKind.ByKind("ConfigMap"), ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = values,
        }, immediate: true);
    }

    public JsonObject AddSecret(string ns, string name, IReadOnlyDictionary<string, string> data, string type = "Opaque")
    {
        ArgumentNullException.ThrowIfNull(data);
        AddNamespace(ns);
        var values = new JsonObject();
        foreach (var (key, value) in data)
        {
            values[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        return Create(ResourceKind.ByKind("Secret"), ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["type"] = type,
            ["data"] = values,
        }, immediate: true);
    }

    /// <summary>A VirtualService (networking.istio.io/v1) with one http route split between the given subsets.</summary>
    public JsonObject AddVirtualService(string ns, string name, params (string Subset, int Weight)[] routes)
    {
        AddNamespace(ns);
        var host = $"{name}.{ns}.svc.cluster.local";
        var route = new JsonArray();
        foreach (var (subset, weight) in routes)
        {
            route.Add(new JsonObject { ["destination"] = new JsonObject { ["host"] = host, ["subset"] = subset }, ["weight"] = weight });
        }

        return Create(CustomResources.Kinds[0], ns, new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["hosts"] = new JsonArray(host), ["http"] = new JsonArray(new JsonObject { ["name"] = "primary", ["route"] = route }) },
        }, immediate: true);
    }
}
