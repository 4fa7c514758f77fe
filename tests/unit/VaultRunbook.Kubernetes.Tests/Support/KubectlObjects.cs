namespace VaultRunbook.Kubernetes.Tests.Support;

/// <summary>kubectl's ways of making objects through files (JSON or YAML manifests).</summary>
public static class KubectlObjects
{
    /// <summary>
    /// kubectl create KIND ... : kubectl renders the object (--dry-run=client -o json), then kubectl create -f sends it as JSON.
    /// The fake also reads the protobuf the typed commands send for ConfigMap, Secret and Namespace (KubeProtobuf), so
    /// `KubectlOk("create", ...)` does for those; this stays for other kinds and the tests that build on it.
    /// </summary>
    public static void KubectlCreate(this FakeCluster cluster, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var json = cluster.KubectlOk(["create", .. args, "--dry-run=client", "-o", "json"]);
        cluster.KubectlCreateFrom(json);
    }

    /// <summary>kubectl create -f of a manifest (YAML or JSON) written to a file.</summary>
    public static string KubectlCreateFrom(this FakeCluster cluster, string manifest)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var file = Path.Combine(cluster.Folder, $"manifest-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, manifest);
        return cluster.KubectlOk("create", "--validate=false", "-f", file);
    }
}
