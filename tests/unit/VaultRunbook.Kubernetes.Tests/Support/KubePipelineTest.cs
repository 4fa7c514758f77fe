using System.Collections;

namespace VaultRunbook.Kubernetes.Tests.Support;

/// <summary>A hosted-pipeline test against its own fake cluster: one PowerShell session, $kubeconfig and a journal of its own.</summary>
public abstract class KubePipelineTest : IDisposable
{
    protected KubePipelineTest(string defaultNamespace = "app")
    {
        Cluster = new FakeCluster(defaultNamespace);
    }

    protected FakeCluster Cluster { get; }

    protected PowerShellSession Session { get; } = new();

    protected ScriptResult Run(string script, Hashtable? more = null) => Session.Run(script, Cluster.Variables(more));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Session.Dispose();
            Cluster.Dispose();
        }
    }
}
