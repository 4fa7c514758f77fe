using System.Globalization;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>Server-side printing: the meta.k8s.io/v1 Table kubectl asks for (Accept: ...;as=Table).</summary>
public static class Tables
{
    public static JsonObject Build(ResourceKind kind, IEnumerable<JsonObject> items, long resourceVersion)
    {
        var columns = Columns(kind.Kind);
        var definitions = new JsonArray();
        foreach (var (name, type) in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = name,
                ["type"] = type,
                ["format"] = name == "Name" ? "name" : string.Empty,
                ["description"] = name,
                ["priority"] = name is "IP" or "Node" ? 1 : 0,
            });
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray(Cells(kind.Kind, item).ToArray());
            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item.Meta().DeepClone(),
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static (string Name, string Type)[] Columns(string kind) => kind switch
    {
        "Pod" => [("Name", "string"), ("Ready", "string"), ("Status", "string"), ("Restarts", "string"), ("Age", "string"), ("IP", "string"), ("Node", "string")],
        "Service" => [("Name", "string"), ("Type", "string"), ("Cluster-IP", "string"), ("External-IP", "string"), ("Port(s)", "string"), ("Age", "string")],
        "Ingress" => [("Name", "string"), ("Class", "string"), ("Hosts", "string"), ("Address", "string"), ("Ports", "string"), ("Age", "string")],
        "Event" => [("Last Seen", "string"), ("Type", "string"), ("Reason", "string"), ("Object", "string"), ("Message", "string")],
        "Deployment" => [("Name", "string"), ("Ready", "string"), ("Up-to-date", "integer"), ("Available", "integer"), ("Age", "string")],
        "ReplicaSet" => [("Name", "string"), ("Desired", "integer"), ("Current", "integer"), ("Ready", "integer"), ("Age", "string")],
        "HorizontalPodAutoscaler" => [("Name", "string"), ("Reference", "string"), ("MinPods", "string"), ("MaxPods", "integer"), ("Replicas", "integer"), ("Age", "string")],
        "NetworkPolicy" => [("Name", "string"), ("Pod-Selector", "string"), ("Age", "string")],
        "Namespace" => [("Name", "string"), ("Status", "string"), ("Age", "string")],
        _ => [("Name", "string"), ("Age", "string")],
    };

    private static IEnumerable<JsonNode?> Cells(string kind, JsonObject o)
    {
        var name = o.Meta().Str("name");
        var age = Age(o.Meta().Str("creationTimestamp"));
        var spec = o["spec"] as JsonObject;
        var status = o["status"] as JsonObject;
        switch (kind)
        {
            case "Pod":
                var statuses = (status?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
                var waiting = statuses.Select(s => s["state"]?["waiting"].Str("reason")).FirstOrDefault(r => r is not null);
                return [name, $"{statuses.Count(s => s["ready"]?.GetValue<bool>() == true)}/{statuses.Count}", waiting ?? status.Str("phase"), statuses.Sum(s => s.Long("restartCount")).ToString(CultureInfo.InvariantCulture), age, status.Str("podIP") ?? "<none>", spec.Str("nodeName") ?? "<none>"];
            case "Service":
                var ports = string.Join(",", (spec?["ports"] as JsonArray)?.OfType<JsonObject>().Select(p => $"{p.Long("port")}/{p.Str("protocol") ?? "TCP"}") ?? []);
                return [name, spec.Str("type") ?? "ClusterIP", spec.Str("clusterIP") ?? "<none>", "<none>", ports, age];
            case "Ingress":
                var hosts = string.Join(",", (spec?["rules"] as JsonArray)?.OfType<JsonObject>().Select(r => r.Str("host") ?? "*") ?? []);
                return [name, spec.Str("ingressClassName") ?? "<none>", hosts, string.Empty, "80", age];
            case "Event":
                var involved = o["involvedObject"];
                return [Age(o.Str("lastTimestamp") ?? o.Str("eventTime")), o.Str("type"), o.Str("reason"), $"{involved.Str("kind")?.ToLowerInvariant()}/{involved.Str("name")}", o.Str("message")];
            case "Deployment":
                return [name, $"{status.Long("readyReplicas")}/{spec.Long("replicas", 1)}", status.Long("updatedReplicas"), status.Long("availableReplicas"), age];
            case "ReplicaSet":
                return [name, spec.Long("replicas"), status.Long("replicas"), status.Long("readyReplicas"), age];
            case "HorizontalPodAutoscaler":
                var target = spec?["scaleTargetRef"];
                return [name, $"{target.Str("kind")}/{target.Str("name")}", spec.Long("minReplicas", 1).ToString(CultureInfo.InvariantCulture), spec.Long("maxReplicas"), status.Long("currentReplicas"), age];
            case "NetworkPolicy":
                var podSelector = Selectors.FromMatchLabels(spec?["podSelector"]);
                return [name, podSelector.Length == 0 ? "<none>" : podSelector, age];
            case "Namespace":
                return [name, status.Str("phase") ?? string.Empty, age];
            default:
                return [name, age];
        }
    }

    private static string Age(string? timestamp)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "<unknown>";
        }

        var age = DateTimeOffset.UtcNow - time;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays}d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h" : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m" : $"{Math.Max(0, (int)age.TotalSeconds)}s";
    }
}
