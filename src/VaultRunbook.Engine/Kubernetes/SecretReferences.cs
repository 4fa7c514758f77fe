using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// Where a pod spec names a Secret: env[].valueFrom.secretKeyRef.name and envFrom[].secretRef.name of every container
/// and init container, volumes[].secret.secretName, and volumes[].projected.sources[].secret.name. Each as a JSON
/// pointer under a prefix (/spec/template/spec).
/// </summary>
internal static class SecretReferences
{
    public static List<string> Find(JsonNode? podSpec, string secretName, string prefix)
    {
        var paths = new List<string>();
        void Check(JsonNode? node, string field, string path)
        {
            if (node?[field] is JsonValue value && value.TryGetValue<string>(out var name) && name == secretName)
            {
                paths.Add($"{path}/{field}");
            }
        }

        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var (container, c) in Items(podSpec?[list]))
            {
                var at = $"{prefix}/{list}/{c}";
                foreach (var (env, e) in Items(container?["env"]))
                {
                    Check(env?["valueFrom"]?["secretKeyRef"], "name", $"{at}/env/{e}/valueFrom/secretKeyRef");
                }

                foreach (var (from, f) in Items(container?["envFrom"]))
                {
                    Check(from?["secretRef"], "name", $"{at}/envFrom/{f}/secretRef");
                }
            }
        }

        foreach (var (volume, v) in Items(podSpec?["volumes"]))
        {
            Check(volume?["secret"], "secretName", $"{prefix}/volumes/{v}/secret");
            foreach (var (source, s) in Items(volume?["projected"]?["sources"]))
            {
                Check(source?["secret"], "name", $"{prefix}/volumes/{v}/projected/sources/{s}/secret");
            }
        }

        return paths;
    }

    private static IEnumerable<(JsonNode? Node, int Index)> Items(JsonNode? list) =>
        list is JsonArray array ? array.Select((node, i) => (node, i)) : [];
}
