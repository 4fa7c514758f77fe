using k8s;
using k8s.Models;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// A backup read, decrypted, checked and compared with the cluster, before anything is written: the steps a restore
/// takes. It holds the Secrets' values in memory only (never shown; cleared by Dispose).
/// </summary>
public sealed class K8sConfigRestorePlan : IDisposable
{
    private readonly Dictionary<(string Kind, string Name), IKubernetesObject<V1ObjectMeta>> _objects;

    internal K8sConfigRestorePlan(string source, string ns, IReadOnlyList<K8sConfigRestoreItem> steps, Dictionary<(string Kind, string Name), IKubernetesObject<V1ObjectMeta>> objects)
    {
        Source = source;
        Namespace = ns;
        Steps = steps;
        _objects = objects;
    }

    /// <summary>The backup folder.</summary>
    public string Source { get; }

    /// <summary>The namespace restored into.</summary>
    public string Namespace { get; }

    /// <summary>One per object: Create, Update or Unchanged.</summary>
    public IReadOnlyList<K8sConfigRestoreItem> Steps { get; }

    internal IKubernetesObject<V1ObjectMeta> Object(K8sConfigRestoreItem step) => _objects[(step.Kind, step.Name)];

    public void Dispose()
    {
        foreach (var obj in _objects.Values)
        {
            if (obj is V1Secret { Data: { } data })
            {
                foreach (var value in data.Values)
                {
                    Array.Clear(value);
                }
            }
        }

        _objects.Clear();
    }
}
