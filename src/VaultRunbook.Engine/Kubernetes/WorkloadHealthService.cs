using k8s;
using k8s.Models;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>The daily health check of a namespace, read in one round of parallel list calls.</summary>
public static class WorkloadHealthService
{
    /// <exception cref="KubeException">NotFound (no such namespace: a typo must not pass as an empty, healthy one), or a list call failed (unreachable, unauthorized, forbidden...).</exception>
    public static async Task<K8sWorkloadHealth> CheckAsync(KubeConnection connection, string ns, TimeSpan eventWindow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var server = connection.Server;
        try
        {
            await KubeErrors.Call($"namespace {ns}", () => client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken), server).ConfigureAwait(false);
        }
        catch (KubeException ex) when (ex.ErrorId == KubeErrors.Forbidden)
        {
            // A namespaced role may not read the namespace object itself; its workloads still answer below.
        }

        var deploymentsTask = KubeErrors.Call($"the deployments of namespace {ns}", () => client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken), server);
        var podsTask = KubeErrors.Call($"the pods of namespace {ns}", () => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken), server);
        var servicesTask = KubeErrors.Call($"the services of namespace {ns}", () => client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: cancellationToken), server);
        var endpointsTask = KubeErrors.Call($"the endpoints of namespace {ns}", () => client.CoreV1.ListNamespacedEndpointsAsync(ns, cancellationToken: cancellationToken), server);
        var ingressesTask = KubeErrors.Call($"the ingresses of namespace {ns}", () => client.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: cancellationToken), server);
        var autoscalersTask = KubeErrors.Call($"the horizontal pod autoscalers of namespace {ns}", () => client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, cancellationToken: cancellationToken), server);
        var eventsTask = KubeErrors.Call($"the events of namespace {ns}", () => client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken), server);
        await Task.WhenAll(deploymentsTask, podsTask, servicesTask, endpointsTask, ingressesTask, autoscalersTask, eventsTask).ConfigureAwait(false);

        var deployments = deploymentsTask.Result.Items.Select(d => Deployment(ns, d)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var pods = podsTask.Result.Items.Select(p => Pod(ns, p)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var endpoints = endpointsTask.Result.Items.ToDictionary(e => e.Metadata.Name, StringComparer.Ordinal);
        var services = servicesTask.Result.Items.Select(s => Service(ns, s, endpoints.GetValueOrDefault(s.Metadata.Name))).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var ingresses = ingressesTask.Result.Items.Select(i => Ingress(ns, i, services)).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var autoscalers = autoscalersTask.Result.Items.Select(h => Autoscaler(ns, h)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var since = now - eventWindow;
        var events = eventsTask.Result.Items.Select(e => Event(ns, e)).Where(e => e.Time >= since).OrderBy(e => e.Time).ThenBy(e => e.Object, StringComparer.Ordinal).ToList();

        var problems = new List<string>();
        problems.AddRange(deployments.Where(d => !d.Healthy).Select(d => $"deployment {d.Name}: {d.Reason}"));
        problems.AddRange(pods.Where(p => !p.Healthy).Select(p => $"pod {p.Name}: {PodProblem(p)}"));
        problems.AddRange(services.Where(s => !s.Healthy).Select(s => $"service {s.Name} has no ready endpoints"));
        problems.AddRange(ingresses.Where(i => !i.Healthy).Select(i => $"ingress {i.Name}: backends without endpoints: {string.Join(", ", i.BackendsWithoutEndpoints)}"));
        problems.AddRange(autoscalers.Where(h => !h.Healthy).Select(h => h.AtMaximum ? $"autoscaler {h.Name} is at its maximum of {h.MaxReplicas} and wants {h.DesiredReplicas}" : $"autoscaler {h.Name} cannot scale"));

        return new K8sWorkloadHealth
        {
            Namespace = ns,
            Context = connection.Context,
            Server = connection.Server,
            CheckedAt = now,
            Healthy = problems.Count == 0,
            Problems = problems,
            Deployments = deployments,
            Pods = pods,
            Services = services,
            Ingresses = ingresses,
            Autoscalers = autoscalers,
            Events = events,
        };
    }

    private static string PodProblem(K8sPodHealth pod) =>
        pod.CrashLoopBackOff ? $"CrashLoopBackOff, {pod.Restarts} restarts{(pod.OomKilled ? ", OOMKilled" : string.Empty)}"
        : pod.WaitingReason is { } reason ? reason
        : pod.Phase is "Running" or "Succeeded" ? "not ready"
        : pod.Phase;

    internal static K8sDeploymentHealth Deployment(string ns, V1Deployment d)
    {
        var status = RolloutStatusReader.Deployment(d);
        var desired = d.Spec.Replicas ?? 1;
        var paused = d.Spec.Paused == true;
        string? reason = null;
        if (status.Failed)
        {
            reason = status.Message;
        }
        else if ((d.Status?.AvailableReplicas ?? 0) < desired)
        {
            reason = $"{d.Status?.AvailableReplicas ?? 0}/{desired} available";
        }
        else if (!status.Complete && !paused)
        {
            reason = status.Message;
        }

        return new K8sDeploymentHealth
        {
            Namespace = ns,
            Name = d.Metadata.Name,
            Desired = desired,
            Ready = d.Status?.ReadyReplicas ?? 0,
            Updated = d.Status?.UpdatedReplicas ?? 0,
            Available = d.Status?.AvailableReplicas ?? 0,
            Paused = paused,
            Revision = RolloutStatusReader.RevisionOf(d.Metadata),
            Healthy = reason is null,
            Reason = reason,
        };
    }

    private static K8sPodHealth Pod(string ns, V1Pod p)
    {
        var containers = (p.Status?.ContainerStatuses ?? []).Concat(p.Status?.InitContainerStatuses ?? []).ToList();
        var waiting = containers.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => !string.IsNullOrEmpty(r));
        var phase = p.Status?.Phase ?? "Unknown";
        var ready = p.Status?.ContainerStatuses is { Count: > 0 } statuses && statuses.All(c => c.Ready);
        var crashLoop = containers.Any(c => c.State?.Waiting?.Reason == "CrashLoopBackOff");
        var oom = containers.Any(c => c.LastState?.Terminated?.Reason == "OOMKilled" || c.State?.Terminated?.Reason == "OOMKilled");
        var owner = p.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        return new K8sPodHealth
        {
            Namespace = ns,
            Name = p.Metadata.Name,
            Phase = phase,
            Ready = ready,
            Restarts = containers.Sum(c => c.RestartCount),
            OomKilled = oom,
            CrashLoopBackOff = crashLoop,
            WaitingReason = waiting,
            Node = p.Spec?.NodeName,
            Owner = owner is null ? null : $"{owner.Kind}/{owner.Name}",
            Healthy = phase == "Succeeded" || (phase == "Running" && ready && !crashLoop),
        };
    }

    private static K8sServiceHealth Service(string ns, V1Service s, V1Endpoints? endpoints)
    {
        var hasSelector = s.Spec?.Selector is { Count: > 0 } && s.Spec.Type != "ExternalName";
        var readyCount = endpoints?.Subsets?.Sum(subset => subset.Addresses?.Count ?? 0) ?? 0;
        return new K8sServiceHealth
        {
            Namespace = ns,
            Name = s.Metadata.Name,
            Type = s.Spec?.Type ?? "ClusterIP",
            ClusterIP = s.Spec?.ClusterIP,
            ReadyEndpoints = readyCount,
            NotReadyEndpoints = endpoints?.Subsets?.Sum(subset => subset.NotReadyAddresses?.Count ?? 0) ?? 0,
            HasSelector = hasSelector,
            Healthy = !hasSelector || readyCount > 0,
        };
    }

    private static K8sIngressHealth Ingress(string ns, V1Ingress i, List<K8sServiceHealth> services)
    {
        var backends = (i.Spec?.Rules ?? [])
            .SelectMany(r => r.Http?.Paths ?? [])
            .Select(p => p.Backend?.Service?.Name)
            .Append(i.Spec?.DefaultBackend?.Service?.Name)
            .Where(n => !string.IsNullOrEmpty(n))
            .Select(n => n!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var without = backends.Where(b => services.FirstOrDefault(s => s.Name == b) is not { HasEndpoints: true }).ToList();
        return new K8sIngressHealth
        {
            Namespace = ns,
            Name = i.Metadata.Name,
            Hosts = (i.Spec?.Rules ?? []).Select(r => r.Host ?? "*").ToList(),
            Backends = backends,
            BackendsWithoutEndpoints = without,
            Addresses = (i.Status?.LoadBalancer?.Ingress ?? []).Select(a => a.Ip ?? a.Hostname).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToList(),
            Healthy = without.Count == 0,
        };
    }

    private static K8sAutoscalerHealth Autoscaler(string ns, V2HorizontalPodAutoscaler h)
    {
        var conditions = h.Status?.Conditions ?? [];
        var atMaximum = conditions.Any(c => c.Type == "ScalingLimited" && c.Status == "True" && c.Reason == "TooManyReplicas");
        var cannotScale = conditions.Any(c => c.Type is "AbleToScale" or "ScalingActive" && c.Status == "False");
        return new K8sAutoscalerHealth
        {
            Namespace = ns,
            Name = h.Metadata.Name,
            Target = $"{h.Spec.ScaleTargetRef.Kind}/{h.Spec.ScaleTargetRef.Name}",
            MinReplicas = h.Spec.MinReplicas ?? 1,
            MaxReplicas = h.Spec.MaxReplicas,
            CurrentReplicas = h.Status?.CurrentReplicas ?? 0,
            DesiredReplicas = h.Status?.DesiredReplicas ?? 0,
            AtMaximum = atMaximum,
            Healthy = !atMaximum && !cannotScale,
        };
    }

    private static K8sEvent Event(string ns, Corev1Event e)
    {
        var time = e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp ?? DateTime.MinValue;
        return new K8sEvent
        {
            Namespace = ns,
            Time = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            Type = e.Type ?? "Normal",
            Reason = e.Reason ?? string.Empty,
            Object = $"{e.InvolvedObject?.Kind}/{e.InvolvedObject?.Name}",
            Message = e.Message ?? string.Empty,
            Count = e.Count ?? 1,
        };
    }
}
