using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>The legacy discovery documents (/version, /api, /apis, /api/v1, /apis/G, /apis/G/V).</summary>
public static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4",
        ["gitCommit"] = "59526cd4867447956156ae3a602fcbac10a2c335",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-22T16:02:27Z",
        ["goVersion"] = "go1.23.6",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in ResourceKind.Groups())
        {
            groups.Add(Group(group, versions));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? GroupDocument(string group)
    {
        var found = ResourceKind.Groups().Where(g => g.Group == group).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        var document = Group(group, found[0].Versions);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    private static JsonObject Group(string group, string[] versions)
    {
        var list = new JsonArray();
        foreach (var version in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
        };
    }

    public static JsonObject? Resources(string group, string version)
    {
        var kinds = ResourceKind.All.Where(r => r.Group == group && r.Version == version).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var kind in kinds)
        {
            var main = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray(ResourceKind.AllVerbs.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            };
            if (kind.ShortNames.Length > 0)
            {
                main["shortNames"] = new JsonArray(kind.ShortNames.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
            }

            if (kind.Group == "apps" || kind.Plural is "pods" or "services")
            {
                main["categories"] = new JsonArray("all");
            }

            resources.Add(main);
            foreach (var sub in kind.Subresources)
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{kind.Plural}/{sub}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = kind.Namespaced,
                    ["kind"] = sub switch { "scale" => "Scale", "log" => "Pod", _ => kind.Kind },
                    ["verbs"] = sub == "log" ? new JsonArray("get") : new JsonArray("get", "patch", "update"),
                };
                if (sub == "scale")
                {
                    entry["group"] = "autoscaling";
                    entry["version"] = "v1";
                }

                resources.Add(entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
