using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// The controllers the fake needs: a Deployment's template change makes (or re-revisions) a ReplicaSet with the
/// next deployment.kubernetes.io/revision, and after <see cref="FakeKubeServer.RolloutDelay"/> its pods are up,
/// its status catches up and the old ReplicaSet scales to zero, or the rollout fails with ProgressDeadlineExceeded
/// when a test said so. Endpoints follow the ready pods of each Service. StatefulSets and DaemonSets roll their
/// status only.
/// </summary>
internal sealed partial class RolloutSimulator(FakeKubeServer server, ObjectStore store)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string HashLabel = "pod-template-hash";
    private static readonly ResourceKind Deployments = ResourceKind.ByKind("Deployment");
    private static readonly ResourceKind ReplicaSets = ResourceKind.ByKind("ReplicaSet");
    private static readonly ResourceKind Pods = ResourceKind.ByKind("Pod");
    private static readonly ResourceKind Services = ResourceKind.ByKind("Service");
    private static readonly ResourceKind EndpointsKind = ResourceKind.ByKind("Endpoints");
    private static readonly ResourceKind Events = ResourceKind.ByKind("Event");
    private readonly object _gate = new();
    private readonly HashSet<string> _badReplicaSets = new(StringComparer.Ordinal);
    private int _podIp = 10;

    /// <summary>Called after a Deployment, StatefulSet or DaemonSet was written with a new spec.</summary>
    public void SpecChanged(ResourceKind kind, string ns, string name, bool immediate)
    {
        if (kind.Kind == "Deployment")
        {
            StartDeployment(ns, name, immediate);
        }
        else if (kind.Kind is "StatefulSet" or "DaemonSet")
        {
            StartSimpleRollout(kind, ns, name, immediate);
        }
    }

    private void StartDeployment(string ns, string name, bool immediate)
    {
        lock (_gate)
        {
            var deployment = store.Get(Deployments, ns, name);
            if (deployment is null)
            {
                return;
            }

            var generation = deployment.Meta().Long("generation", 1);
            if (deployment["spec"]?["paused"]?.GetValue<bool>() == true)
            {
                // A paused deployment's controller observes the spec but starts no rollout.
                deployment.Obj("status")["observedGeneration"] = generation;
                store.Put(Deployments, deployment);
                return;
            }

            var template = (JsonObject)deployment["spec"]!["template"]!.DeepClone();
            var owned = OwnedReplicaSets(deployment);
            var current = owned.FirstOrDefault(rs => SameTemplate(rs["spec"]!["template"]!, template));
            var maxRevision = owned.Select(Revision).DefaultIfEmpty(0).Max();
            var replicas = deployment["spec"].Long("replicas", 1);
            string rsName;
            if (current is null)
            {
                var hash = TemplateHash(template);
                rsName = $"{name}-{hash}";
                var labels = (JsonObject)(template.Meta()["labels"]?.DeepClone() ?? new JsonObject());
                labels[HashLabel] = hash;
                template.Meta()["labels"] = labels.DeepClone();
                var selector = (JsonObject)deployment["spec"]!["selector"]!.DeepClone();
                selector.Obj("matchLabels")[HashLabel] = hash;
                current = new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ReplicaSet",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = rsName,
                        ["namespace"] = ns,
                        ["uid"] = Guid.NewGuid().ToString(),
                        ["generation"] = 1,
                        ["creationTimestamp"] = Json.Now(),
                        ["labels"] = labels,
                        ["annotations"] = new JsonObject
                        {
                            [RevisionAnnotation] = (maxRevision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["deployment.kubernetes.io/max-replicas"] = (replicas + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        },
                        ["ownerReferences"] = new JsonArray(OwnerReference(deployment)),
                    },
                    ["spec"] = new JsonObject { ["replicas"] = 0, ["selector"] = selector, ["template"] = template },
                    ["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = 1 },
                };
                CopyTemplateAnnotations(deployment, current);
                store.Put(ReplicaSets, current);
                if (server.IsFailing(ns, name))
                {
                    _badReplicaSets.Add($"{ns}/{rsName}"); // this template's pods never become ready; an older one still works
                }
            }
            else
            {
                rsName = current.Meta().Str("name")!;
                if (Revision(current) != maxRevision)
                {
                    // Rolling back to an old template: its ReplicaSet becomes the newest revision, as the controller does.
                    current.Meta().Obj("annotations")[RevisionAnnotation] = (maxRevision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    CopyTemplateAnnotations(deployment, current);
                    store.Put(ReplicaSets, current);
                }
            }

            deployment.Meta().Obj("annotations")[RevisionAnnotation] = current.Meta().Obj("annotations").Str(RevisionAnnotation);
            var status = deployment.Obj("status");
            status["observedGeneration"] = generation;
            var podsOfCurrent = PodsOf(ns, rsName).Count;
            status["updatedReplicas"] = Math.Min(podsOfCurrent, replicas);
            SetCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.");
            store.Put(Deployments, deployment);
            if (immediate)
            {
                CompleteDeployment(ns, name, rsName, generation);
            }
            else
            {
                _ = Later(() => CompleteDeployment(ns, name, rsName, generation));
            }
        }
    }

    private async Task Later(Action action)
    {
        try
        {
            await Task.Delay(server.RolloutDelay, server.Stopping).ConfigureAwait(false);
            action();
        }
        catch (OperationCanceledException)
        {
            // the server stopped
        }
    }

    private void CompleteDeployment(string ns, string name, string rsName, long generation)
    {
        lock (_gate)
        {
            var deployment = store.Get(Deployments, ns, name);
            var rs = store.Get(ReplicaSets, ns, rsName);
            if (deployment is null || rs is null || deployment.Meta().Long("generation", 1) != generation)
            {
                return; // a newer change superseded this rollout
            }

            var replicas = deployment["spec"].Long("replicas", 1);
            var failing = _badReplicaSets.Contains($"{ns}/{rsName}");
            var oldSets = OwnedReplicaSets(deployment).Where(o => o.Meta().Str("name") != rsName).ToList();
            var scaledUp = rs["spec"].Long("replicas") != replicas;

            // The new ReplicaSet's pods: as many as wanted, crash-looping when the rollout is meant to fail.
            var pods = PodsOf(ns, rsName);
            foreach (var extra in pods.Skip((int)replicas))
            {
                store.Delete(Pods, ns, extra.Meta().Str("name")!);
            }

            for (var i = pods.Count; i < replicas; i++)
            {
                store.Put(Pods, NewPod(rs, crashing: failing));
            }

            rs["spec"]!["replicas"] = replicas;
            var ready = failing ? 0 : replicas;
            rs["status"] = new JsonObject { ["replicas"] = replicas, ["fullyLabeledReplicas"] = replicas, ["readyReplicas"] = ready, ["availableReplicas"] = ready, ["observedGeneration"] = rs.Meta().Long("generation", 1) };
            store.Put(ReplicaSets, rs);

            long oldReady = 0;
            foreach (var old in oldSets)
            {
                if (failing)
                {
                    oldReady += old["status"].Long("readyReplicas");
                    continue; // the old pods keep serving while the new ones fail
                }

                foreach (var pod in PodsOf(ns, old.Meta().Str("name")!))
                {
                    store.Delete(Pods, ns, pod.Meta().Str("name")!);
                }

                if (old["spec"].Long("replicas") != 0)
                {
                    old["spec"]!["replicas"] = 0;
                    old["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = old.Meta().Long("generation", 1) };
                    store.Put(ReplicaSets, old);
                    Event(ns, deployment, "Normal", "ScalingReplicaSet", $"Scaled down replica set {old.Meta().Str("name")} from {old["status"].Long("replicas")} to 0");
                }
            }

            if (scaledUp)
            {
                Event(ns, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to {replicas}");
            }

            var status = deployment.Obj("status");
            status["observedGeneration"] = generation;
            status["replicas"] = replicas + (failing ? oldSets.Sum(o => o["spec"].Long("replicas")) : 0);
            status["updatedReplicas"] = replicas;
            status["readyReplicas"] = failing ? oldReady : replicas;
            status["availableReplicas"] = failing ? oldReady : replicas;
            if (failing)
            {
                status["unavailableReplicas"] = replicas;
                SetCondition(status, "Available", oldReady > 0 ? "True" : "False", oldReady > 0 ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", oldReady > 0 ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
                SetCondition(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.");
            }
            else
            {
                status.Remove("unavailableReplicas");
                SetCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
                SetCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.");
            }

            store.Put(Deployments, deployment);
            SyncEndpoints(ns);
        }
    }

    private void StartSimpleRollout(ResourceKind kind, string ns, string name, bool immediate)
    {
        var obj = store.Get(kind, ns, name);
        if (obj is null)
        {
            return;
        }

        var generation = obj.Meta().Long("generation", 1);
        var status = obj.Obj("status");
        status["observedGeneration"] = generation;
        if (kind.Kind == "StatefulSet")
        {
            status["updatedReplicas"] = 0;
            status["updateRevision"] = $"{name}-{TemplateHash((JsonObject)obj["spec"]!["template"]!)}";
        }
        else
        {
            status["updatedNumberScheduled"] = 0;
        }

        store.Put(kind, obj);
        void Finish()
        {
            var current = store.Get(kind, ns, name);
            if (current is null || current.Meta().Long("generation", 1) != generation)
            {
                return;
            }

            var s = current.Obj("status");
            if (kind.Kind == "StatefulSet")
            {
                var replicas = current["spec"].Long("replicas", 1);
                s["replicas"] = replicas;
                s["readyReplicas"] = replicas;
                s["availableReplicas"] = replicas;
                s["currentReplicas"] = replicas;
                s["updatedReplicas"] = replicas;
                s["currentRevision"] = s.Str("updateRevision");
            }
            else
            {
                var desired = s.Long("desiredNumberScheduled", 1);
                s["desiredNumberScheduled"] = desired;
                s["currentNumberScheduled"] = desired;
                s["numberReady"] = desired;
                s["numberAvailable"] = desired;
                s["updatedNumberScheduled"] = desired;
            }

            store.Put(kind, current);
        }

        if (immediate)
        {
            Finish();
        }
        else
        {
            _ = Later(Finish);
        }
    }

    /// <summary>Makes a deployment's current pods crash-loop (OOMKilled, restarting), as an incident would.</summary>
    public void BreakPods(string ns, string deploymentName, int restarts)
    {
        lock (_gate)
        {
            var deployment = store.Get(Deployments, ns, deploymentName) ?? throw new InvalidOperationException($"no deployment {ns}/{deploymentName}");
            foreach (var rs in OwnedReplicaSets(deployment))
            {
                foreach (var pod in PodsOf(ns, rs.Meta().Str("name")!))
                {
                    Crash(pod, restarts);
                    store.Put(Pods, pod);
                    Event(ns, pod, "Warning", "BackOff", "Back-off restarting failed container app in pod " + pod.Meta().Str("name"));
                }
            }

            var status = deployment.Obj("status");
            status["readyReplicas"] = 0;
            status["availableReplicas"] = 0;
            status["unavailableReplicas"] = deployment["spec"].Long("replicas", 1);
            SetCondition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
            store.Put(Deployments, deployment);
            SyncEndpoints(ns);
        }
    }

    private static void Crash(JsonObject pod, int restarts)
    {
        var now = DateTimeOffset.UtcNow;
        var status = pod.Obj("status");
        status["phase"] = "Running";
        SetCondition(status, "Ready", "False", "ContainersNotReady", "containers with unready status: [app]");
        SetCondition(status, "ContainersReady", "False", "ContainersNotReady", "containers with unready status: [app]");
        foreach (var container in status.Arr("containerStatuses").OfType<JsonObject>())
        {
            container["ready"] = false;
            container["started"] = false;
            container["restartCount"] = restarts;
            container["state"] = new JsonObject
            {
                ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off 5m0s restarting failed container=app pod={pod.Meta().Str("name")}" },
            };
            container["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = 137,
                    ["reason"] = "OOMKilled",
                    ["startedAt"] = Json.Time(now.AddMinutes(-2)),
                    ["finishedAt"] = Json.Time(now.AddMinutes(-1)),
                    ["containerID"] = "containerd://" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
                },
            };
        }
    }

    private JsonObject NewPod(JsonObject rs, bool crashing)
    {
        var template = rs["spec"]!["template"]!;
        var ns = rs.Meta().Str("namespace")!;
        var name = $"{rs.Meta().Str("name")}-{RandomSuffix()}";
        var ip = $"10.244.0.{Interlocked.Increment(ref _podIp) % 250 + 2}";
        var now = Json.Now();
        var containers = new JsonArray();
        foreach (var container in (template["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            containers.Add(new JsonObject
            {
                ["name"] = container.Str("name"),
                ["image"] = container.Str("image"),
                ["imageID"] = $"{container.Str("image")}@sha256:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(container.Str("image") ?? string.Empty))).ToLowerInvariant()}",
                ["containerID"] = "containerd://" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                ["lastState"] = new JsonObject(),
            });
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["generateName"] = rs.Meta().Str("name") + "-",
                ["namespace"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = now,
                ["labels"] = template.AsObject().Meta()["labels"]?.DeepClone(),
                ["annotations"] = template.AsObject().Meta()["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(OwnerReference(rs)),
            },
            ["spec"] = template["spec"]?.DeepClone(),
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["hostIP"] = "172.18.0.2",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["startTime"] = now,
                ["qosClass"] = "BestEffort",
                ["conditions"] = new JsonArray(),
                ["containerStatuses"] = containers,
            },
        };
        ((JsonObject)pod["spec"]!)["nodeName"] = server.NodeName;
        var status = (JsonObject)pod["status"]!;
        SetCondition(status, "PodScheduled", "True", null, null);
        SetCondition(status, "Initialized", "True", null, null);
        SetCondition(status, "ContainersReady", "True", null, null);
        SetCondition(status, "Ready", "True", null, null);
        if (crashing)
        {
            Crash(pod, 3);
        }

        return pod;
    }

    /// <summary>Endpoints = the ready pods each Service selects, as the endpoints controller keeps them.</summary>
    public void SyncEndpoints(string ns)
    {
        lock (_gate)
        {
            var pods = store.List(Pods, ns);
            foreach (var service in store.List(Services, ns))
            {
                if (service["spec"]?["selector"] is not JsonObject selector)
                {
                    continue;
                }

                var selectorText = string.Join(",", Json.StringMap(selector).Select(p => $"{p.Key}={p.Value}"));
                var addresses = new JsonArray();
                var notReady = new JsonArray();
                foreach (var pod in pods.Where(p => Selectors.MatchesLabels(selectorText, p.Meta()["labels"])))
                {
                    var address = new JsonObject
                    {
                        ["ip"] = pod["status"].Str("podIP"),
                        ["nodeName"] = pod["spec"].Str("nodeName"),
                        ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = pod.Meta().Str("name"), ["uid"] = pod.Meta().Str("uid") },
                    };
                    var ready = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") == true;
                    (ready ? addresses : notReady).Add(address);
                }

                var name = service.Meta().Str("name")!;
                var endpoints = store.Get(EndpointsKind, ns, name) ?? new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Endpoints",
                    ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = Json.Now(), ["labels"] = service.Meta()["labels"]?.DeepClone() },
                };
                JsonNode? subsets = null;
                if (addresses.Count + notReady.Count > 0)
                {
                    var subset = new JsonObject();
                    if (addresses.Count > 0)
                    {
                        subset["addresses"] = addresses;
                    }

                    if (notReady.Count > 0)
                    {
                        subset["notReadyAddresses"] = notReady;
                    }

                    var ports = new JsonArray();
                    foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    {
                        ports.Add(new JsonObject { ["name"] = port.Str("name"), ["port"] = port["targetPort"]?.DeepClone() ?? port["port"]?.DeepClone(), ["protocol"] = port.Str("protocol") ?? "TCP" });
                    }

                    subset["ports"] = ports;
                    subsets = new JsonArray(subset);
                }

                if (JsonNode.DeepEquals(endpoints["subsets"], subsets) && endpoints.Meta()["resourceVersion"] is not null)
                {
                    continue;
                }

                if (subsets is null)
                {
                    endpoints.Remove("subsets");
                }
                else
                {
                    endpoints["subsets"] = subsets;
                }

                store.Put(EndpointsKind, endpoints);
            }
        }
    }

    public void Event(string ns, JsonObject involved, string type, string reason, string message, DateTimeOffset? when = null)
    {
        var time = Json.Time(when ?? DateTimeOffset.UtcNow);
        var involvedName = involved.Meta().Str("name");
        store.Put(Events, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{involvedName}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}",
                ["namespace"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = time,
            },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = involved.Str("kind"),
                ["namespace"] = ns,
                ["name"] = involvedName,
                ["uid"] = involved.Meta().Str("uid"),
                ["apiVersion"] = involved.Str("apiVersion"),
                ["resourceVersion"] = involved.Meta().Str("resourceVersion"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = involved.Str("kind") == "Pod" ? "kubelet" : "deployment-controller" },
            ["firstTimestamp"] = time,
            ["lastTimestamp"] = time,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = involved.Str("kind") == "Pod" ? "kubelet" : "deployment-controller",
            ["reportingInstance"] = string.Empty,
        });
    }

    public List<JsonObject> OwnedReplicaSets(JsonObject deployment)
    {
        var uid = deployment.Meta().Str("uid");
        return store.List(ReplicaSets, deployment.Meta().Str("namespace"))
            .Where(rs => (rs.Meta()["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Any(o => o.Str("uid") == uid) == true)
            .ToList();
    }

    private List<JsonObject> PodsOf(string ns, string rsName) =>
        store.List(Pods, ns).Where(p => (p.Meta()["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Any(o => o.Str("name") == rsName && o.Str("kind") == "ReplicaSet") == true).ToList();

    private static void CopyTemplateAnnotations(JsonObject deployment, JsonObject rs)
    {
        // The controller copies the deployment's own annotations (except its bookkeeping ones) onto the new ReplicaSet.
        foreach (var (key, value) in Json.StringMap(deployment.Meta()["annotations"]))
        {
            if (!key.StartsWith("deployment.kubernetes.io/", StringComparison.Ordinal) && key != "kubectl.kubernetes.io/last-applied-configuration")
            {
                rs.Meta().Obj("annotations")[key] = value;
            }
        }
    }

    public static long Revision(JsonObject rs) => long.TryParse(rs.Meta()["annotations"].Str(RevisionAnnotation), out var r) ? r : 0;

    private static bool SameTemplate(JsonNode a, JsonNode b) => JsonNode.DeepEquals(WithoutHash(a), WithoutHash(b));

    private static JsonNode WithoutHash(JsonNode template)
    {
        var copy = template.DeepClone().AsObject();
        if (copy.Meta()["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
        }

        return copy;
    }

    private static string TemplateHash(JsonObject template)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789"; // the API server's safe-encoding alphabet
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(WithoutHash(template).ToJsonString()));
        return new string(bytes.Take(10).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string(RandomNumberGenerator.GetBytes(5).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }

    private static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Meta().Str("name"),
        ["uid"] = owner.Meta().Str("uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static void SetCondition(JsonObject status, string type, string value, string? reason, string? message)
    {
        var conditions = status.Arr("conditions");
        var now = Json.Now();
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type, ["lastTransitionTime"] = now };
            conditions.Add(existing);
        }
        else if (existing.Str("status") != value)
        {
            existing["lastTransitionTime"] = now;
        }

        existing["status"] = value;
        existing["lastUpdateTime"] = now;
        if (reason is not null)
        {
            existing["reason"] = reason;
        }

        if (message is not null)
        {
            existing["message"] = message;
        }
    }
}
