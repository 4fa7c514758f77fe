using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// The three patch types the API server takes for built-in kinds: JSON merge patch (RFC 7386), strategic merge
/// patch (merge patch where lists with a patchMergeKey merge by that key, and $patch/$retainKeys directives), and
/// JSON patch (RFC 6902).
/// </summary>
public static class Patches
{
    // The patchMergeKey of the list fields these kinds use (from the Kubernetes types' struct tags).
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["imagePullSecrets"] = "name",
    };

    public static JsonObject Apply(string contentType, JsonObject target, string body)
    {
        var media = contentType.Split(';')[0].Trim();
        var patch = JsonNode.Parse(body);
        return media switch
        {
            "application/merge-patch+json" => (JsonObject)MergePatch(target, patch, strategic: false)!,
            "application/strategic-merge-patch+json" => (JsonObject)MergePatch(target, patch, strategic: true)!,
            "application/json-patch+json" => JsonPatch(target, (JsonArray)patch!),
            _ => throw new FakeKubeException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
    }

    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch, bool strategic, string? field = null)
    {
        if (patch is JsonArray patchList && strategic && field is not null && MergeKeys.TryGetValue(field, out var key) && target is JsonArray targetList)
        {
            return MergeList(targetList, patchList, key);
        }

        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (strategic && name.StartsWith('$'))
            {
                if (name == "$patch" && value?.GetValue<string>() == "replace")
                {
                    var replaced = (JsonObject)patchObject.DeepClone();
                    replaced.Remove("$patch");
                    return replaced;
                }

                continue; // $retainKeys, $setElementOrder: ordering hints this fake does not need
            }

            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = MergePatch(result[name], value, strategic, name);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string key)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                continue;
            }

            var id = patchItem[key]?.ToJsonString();
            var existing = result.OfType<JsonObject>().FirstOrDefault(e => e[key]?.ToJsonString() == id);
            if (patchItem["$patch"]?.GetValue<string>() == "delete")
            {
                if (existing is not null)
                {
                    result.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                result.Add(patchItem.DeepClone());
            }
            else
            {
                var index = result.IndexOf(existing);
                result[index] = MergePatch(existing, patchItem, strategic: true);
            }
        }

        return result;
    }

    private static JsonObject JsonPatch(JsonObject target, JsonArray operations)
    {
        JsonNode root = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation.Str("op");
            var path = operation.Str("path") ?? string.Empty;
            var value = operation["value"]?.DeepClone();
            var (parent, last) = Locate(root, path);
            switch (op)
            {
                case "add":
                    if (parent is JsonArray addList)
                    {
                        if (last == "-")
                        {
                            addList.Add(value);
                        }
                        else
                        {
                            addList.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value);
                        }
                    }
                    else
                    {
                        ((JsonObject)parent)[last] = value;
                    }

                    break;
                case "replace":
                    if (parent is JsonArray replaceList)
                    {
                        replaceList[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
                    }
                    else
                    {
                        var obj = (JsonObject)parent;
                        if (!obj.ContainsKey(last))
                        {
                            throw new FakeKubeException(422, "Invalid", $"the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: {path}");
                        }

                        obj[last] = value;
                    }

                    break;
                case "remove":
                    if (parent is JsonArray removeList)
                    {
                        removeList.RemoveAt(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else if (!((JsonObject)parent).Remove(last))
                    {
                        throw new FakeKubeException(422, "Invalid", $"the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: {path}");
                    }

                    break;
                case "test":
                    var current = parent is JsonArray testList ? testList[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] : ((JsonObject)parent)[last];
                    if (!JsonNode.DeepEquals(current, value))
                    {
                        throw new FakeKubeException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw new FakeKubeException(422, "Invalid", $"unsupported json patch operation {op}");
            }
        }

        return (JsonObject)root;
    }

    private static (JsonNode Parent, string Last) Locate(JsonNode root, string path)
    {
        var parts = path.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node switch
            {
                JsonObject o when o[part] is { } child => child,
                JsonArray a when int.TryParse(part, out var i) && i < a.Count && a[i] is { } item => item,
                _ => throw new FakeKubeException(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: {path}"),
            };
        }

        return (node, parts[^1]);
    }
}
