using System.Collections;
using VaultRunbook.Engine.Kubernetes;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Where the connection comes from: -KubeConfig, KUBECONFIG, ~/.kube/config, -Context; one client per context.</summary>
public sealed class ConnectionTests : KubePipelineTest
{
    public ConnectionTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 1);
        Cluster.Server.AddDeployment("payments", "ledger", replicas: 1);
    }

    // A second context on the same cluster whose namespace is payments.
    private string TwoContexts()
    {
        var text = File.ReadAllText(Cluster.KubeConfig).Replace("current-context: fake", """
            - name: payments
              context:
                cluster: fake-cluster
                user: fake-user
                namespace: payments
            current-context: fake
            """, StringComparison.Ordinal);
        var path = Path.Combine(Cluster.Folder, "two-contexts");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_context_namespace_is_the_default_and_Context_switches_it()
    {
        var result = Run("""
            (Get-K8sWorkloadHealth -KubeConfig $two).Deployments.Name
            (Get-K8sWorkloadHealth -KubeConfig $two -Context payments).Deployments.Name
            (Get-K8sWorkloadHealth -KubeConfig $two -Context payments -Namespace app).Deployments.Name
            """, new Hashtable { ["two"] = TwoContexts() });

        Assert.Empty(result.Errors);
        Assert.Equal(["api", "ledger", "api"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void KUBECONFIG_is_used_when_no_KubeConfig_is_given_and_the_home_config_after_it()
    {
        var home = Path.Combine(Cluster.Folder, "home");
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.Copy(TwoContexts(), Path.Combine(home, ".kube", "config"));
        var result = Run("""
            $env:KUBECONFIG = $kubeconfig
            (Get-K8sWorkloadHealth).Namespace
            $env:KUBECONFIG = $null; $savedHome = $env:HOME; $env:HOME = $homeDir
            try { (Get-K8sWorkloadHealth -Context payments).Namespace } finally { $env:HOME = $savedHome }
            """, new Hashtable { ["homeDir"] = home });

        Assert.Empty(result.Errors);
        Assert.Equal(["app", "payments"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_missing_kubeconfig_or_context_stops_the_cmdlet_with_a_stable_id()
    {
        var missing = Run("Get-K8sWorkloadHealth -KubeConfig (Join-Path $folder 'nope')", new Hashtable { ["folder"] = Cluster.Folder });
        var context = Run("Get-K8sWorkloadHealth -KubeConfig $kubeconfig -Context nowhere");

        Assert.Equal("VaultRunbook.K8s.ConfigNotFound", missing.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        var error = context.StoppingError();
        Assert.Equal("VaultRunbook.K8s.ContextNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.DoesNotContain(Cluster.Server.Token, error.ToString() + error.Exception);
    }

    [Fact]
    public void The_pool_makes_one_client_per_context_and_a_new_one_when_the_file_changes()
    {
        using var pool = new KubeConnectionPool(_ => null);
        var path = TwoContexts();

        var first = pool.Get(new KubeConnectionRequest { KubeConfigPath = path });
        var again = pool.Get(new KubeConnectionRequest { KubeConfigPath = path });
        var payments = pool.Get(new KubeConnectionRequest { KubeConfigPath = path, Context = "payments" });
        File.AppendAllText(path, "\n# edited\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        var edited = pool.Get(new KubeConnectionRequest { KubeConfigPath = path });

        Assert.Same(first, again);
        Assert.NotSame(first, payments);
        Assert.Equal("payments", payments.DefaultNamespace);
        Assert.NotSame(first, edited);
        Assert.Equal(3, pool.Created);
        Assert.Equal(Cluster.Server.Server, first.Server);
    }
}
