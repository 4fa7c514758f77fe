using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>The pods a pod cmdlet works on: one by name, or those a label selector picks.</summary>
public static class PodTargets
{
    public const string NoPodSelected = "VaultRunbook.K8s.NoPodSelected";

    public static string Describe(string ns, string pod) => $"pod {ns}/{pod}";

    /// <exception cref="KubeException">NotFound (VaultRunbook.K8s.NotFound), Unauthorized...</exception>
    internal static Task<V1Pod> GetAsync(KubeConnection connection, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return KubeErrors.Call(Describe(ns, name), () => connection.Client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken), connection.Server);
    }

    /// <summary>The names of the pods a label selector picks, sorted.</summary>
    /// <exception cref="KubeException">NoPodSelected when the selector picks nothing.</exception>
    public static async Task<IReadOnlyList<string>> SelectNamesAsync(KubeConnection connection, string ns, string selector, CancellationToken cancellationToken) =>
        (await SelectAsync(connection, ns, selector, cancellationToken).ConfigureAwait(false)).Select(p => p.Metadata.Name).ToList();

    /// <exception cref="KubeException">NoPodSelected when the selector picks nothing.</exception>
    internal static async Task<IReadOnlyList<V1Pod>> SelectAsync(KubeConnection connection, string ns, string selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var list = await KubeErrors.Call($"the pods of namespace {ns} ({selector})", () => connection.Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        if (list.Items.Count == 0)
        {
            throw new KubeException(NoPodSelected, ErrorKind.ObjectNotFound, $"No pod of namespace {ns} matches the label selector '{selector}'.") { Target = selector };
        }

        return list.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The names of the pod's containers, in the pod's order (init containers are not included).</summary>
    internal static IReadOnlyList<string> Containers(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? [];
    }

    /// <summary>Whether the container has a previous (terminated) instance whose log the kubelet keeps.</summary>
    internal static bool HasPrevious(V1Pod pod, string container)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container)?.LastState?.Terminated is not null;
    }
}
