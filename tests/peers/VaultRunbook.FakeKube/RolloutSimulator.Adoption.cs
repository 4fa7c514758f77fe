using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// The ReplicaSet controller's release and adoption, as it answers a pod's label change: a pod whose labels no longer
/// match its ReplicaSet's selector is released (its controller reference removed) and the ReplicaSet makes a
/// replacement; a pod with no controller whose labels match a ReplicaSet again is adopted, and the ReplicaSet, now
/// one over, deletes its newest pod (the controller deletes younger pods first).
/// </summary>
internal sealed partial class RolloutSimulator
{
    // The replacements made for released pods, oldest first: younger than any pod they replaced (creationTimestamp has only seconds).
    private readonly List<string> _replacements = new();

    public void PodLabelsChanged(string ns, string podName)
    {
        lock (_gate)
        {
            var pod = store.Get(Pods, ns, podName);
            if (pod is null)
            {
                return;
            }

            var labels = pod.Meta()["labels"];
            var owners = pod.Meta()["ownerReferences"] as JsonArray;
            var controllerRef = owners?.OfType<JsonObject>().FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true && o.Str("kind") == "ReplicaSet");
            if (controllerRef is not null)
            {
                var rs = store.Get(ReplicaSets, ns, controllerRef.Str("name")!);
                if (rs is null || Selectors.MatchesLabels(Selectors.FromMatchLabels(rs["spec"]?["selector"]), labels))
                {
                    return;
                }

                owners!.Remove(controllerRef);
                if (owners.Count == 0)
                {
                    pod.Meta().Remove("ownerReferences");
                }

                store.Put(Pods, pod);
                var name = rs.Meta().Str("name")!;
                if (PodsOf(ns, name).Count < rs["spec"].Long("replicas"))
                {
                    var replacement = store.Put(Pods, NewPod(rs, crashing: _badReplicaSets.Contains($"{ns}/{name}")));
                    _replacements.Add($"{ns}/{replacement.Meta().Str("name")}");
                    Event(ns, rs, "Normal", "SuccessfulCreate", $"Created pod: {replacement.Meta().Str("name")}");
                }

                return;
            }

            if (owners?.OfType<JsonObject>().Any(o => o["controller"]?.GetValue<bool>() == true) == true)
            {
                return;
            }

            var adopter = store.List(ReplicaSets, ns).FirstOrDefault(r => r["spec"].Long("replicas") > 0 && Selectors.MatchesLabels(Selectors.FromMatchLabels(r["spec"]?["selector"]), labels));
            if (adopter is null)
            {
                return;
            }

            pod.Meta()["ownerReferences"] = new JsonArray(OwnerReference(adopter));
            store.Put(Pods, pod);
            var adopterName = adopter.Meta().Str("name")!;
            var owned = PodsOf(ns, adopterName);
            if (owned.Count > adopter["spec"].Long("replicas"))
            {
                var newest = owned.Where(p => p.Meta().Str("name") != podName)
                    .OrderByDescending(p => p.Meta().Str("creationTimestamp"), StringComparer.Ordinal)
                    .ThenByDescending(p => _replacements.IndexOf($"{ns}/{p.Meta().Str("name")}"))
                    .First();
                store.Delete(Pods, ns, newest.Meta().Str("name")!);
                Event(ns, adopter, "Normal", "SuccessfulDelete", $"Deleted pod: {newest.Meta().Str("name")}");
            }
        }
    }
}
