using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>kubectl rollout undo's rules (DeploymentRollbacker): which ReplicaSet, when to skip, and the patch.</summary>
internal static class DeploymentRollback
{
    private const string HashLabel = "pod-template-hash";

    // Annotations that belong to the deployment itself and are never copied from a ReplicaSet.
    private static readonly HashSet<string> AnnotationsToSkip = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RolloutStatusReader.RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    };

    /// <summary>The ReplicaSet of the revision asked for; 0 = the one before the latest.</summary>
    public static V1ReplicaSet Choose(IReadOnlyList<V1ReplicaSet> owned, long toRevision, string ns, string name)
    {
        var byRevision = owned.Select(rs => (Revision: RolloutStatusReader.RevisionOf(rs.Metadata) ?? 0, Set: rs)).Where(p => p.Revision > 0).OrderByDescending(p => p.Revision).ToList();
        if (toRevision > 0)
        {
            return byRevision.FirstOrDefault(p => p.Revision == toRevision).Set
                ?? throw new KubeException(RolloutService.RevisionNotFound, ErrorKind.ObjectNotFound,
                    $"Revision {toRevision} of deployment {ns}/{name} is not in its history (revisions: {string.Join(", ", byRevision.Select(p => p.Revision).Reverse())}).")
                { Target = $"deployment {ns}/{name}" };
        }

        if (byRevision.Count < 2)
        {
            throw new KubeException(RolloutService.NoRolloutHistory, ErrorKind.ObjectNotFound, $"No previous revision of deployment {ns}/{name} to roll back to.") { Target = $"deployment {ns}/{name}" };
        }

        return byRevision[1].Set;
    }

    /// <summary>The templates are equal once pod-template-hash is left out (kubectl's EqualIgnoreHash).</summary>
    public static bool SameTemplate(V1PodTemplateSpec a, V1PodTemplateSpec b) =>
        JsonNode.DeepEquals(Canonical(WithoutHash(a)), Canonical(WithoutHash(b)));

    /// <summary>The JSON patch kubectl sends: replace /spec/template and /metadata/annotations.</summary>
    public static string Patch(V1Deployment deployment, V1ReplicaSet target)
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in deployment.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (AnnotationsToSkip.Contains(key))
            {
                annotations[key] = value;
            }
        }

        foreach (var (key, value) in target.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!AnnotationsToSkip.Contains(key))
            {
                annotations[key] = value;
            }
        }

        var patch = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = WithoutHash(target.Spec.Template) },
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/annotations", ["value"] = annotations });
        return patch.ToJsonString();
    }

    private static JsonNode WithoutHash(V1PodTemplateSpec template)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template))!;
        if (node["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
        }

        return node;
    }

    // Object keys sorted, so two servers' field orders compare equal.
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
