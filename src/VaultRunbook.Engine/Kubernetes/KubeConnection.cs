using k8s;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One context's client, reused for the session (DESIGN rule 14), with the context's defaults.</summary>
public sealed class KubeConnection : IDisposable
{
    internal KubeConnection(IKubernetes client, string server, string? context, string defaultNamespace, string source)
    {
        Client = client;
        Server = server;
        Context = context;
        DefaultNamespace = defaultNamespace;
        Source = source;
    }

    internal IKubernetes Client { get; }

    /// <summary>The API server's URL (no credentials).</summary>
    public string Server { get; }

    /// <summary>The kubeconfig context, or null in-cluster.</summary>
    public string? Context { get; }

    /// <summary>The context's namespace, else "default" (in-cluster: the pod's namespace).</summary>
    public string DefaultNamespace { get; }

    /// <summary>Where the configuration came from: a kubeconfig path, or "in-cluster".</summary>
    public string Source { get; }

    public void Dispose() => Client.Dispose();
}
