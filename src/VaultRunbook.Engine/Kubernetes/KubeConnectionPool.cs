using System.Collections.Concurrent;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The session's Kubernetes clients: one per kubeconfig file set and context, kept while the files are unchanged
/// (their size and write time are the key), disposed with the pool. The kubeconfig is found as kubectl finds it:
/// the given path, else KUBECONFIG (a list, merged), else ~/.kube/config, else the pod's in-cluster configuration.
/// </summary>
public sealed class KubeConnectionPool : IDisposable
{
    public const string ConfigNotFound = "VaultRunbook.K8s.ConfigNotFound";
    public const string ConfigInvalid = "VaultRunbook.K8s.ConfigInvalid";
    public const string ContextNotFound = "VaultRunbook.K8s.ContextNotFound";

    private readonly ConcurrentDictionary<string, Lazy<KubeConnection>> _connections = new(StringComparer.Ordinal);
    private readonly Func<string, string?> _environment;

    public KubeConnectionPool(Func<string, string?>? environment = null) => _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>How many clients the pool made (one per context and file state).</summary>
    public int Created { get; private set; }

    /// <exception cref="KubeException">ConfigNotFound, ConfigInvalid or ContextNotFound.</exception>
    public KubeConnection Get(KubeConnectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var files = ConfigFiles(request.KubeConfigPath);
        if (files.Count == 0)
        {
            if (KubernetesClientConfiguration.IsInCluster())
            {
                return Cached("in-cluster|" + request.Context, () => InCluster());
            }

            throw new KubeException(ConfigNotFound, ErrorKind.InvalidArgument,
                "No Kubernetes configuration: give -KubeConfig, set KUBECONFIG, create ~/.kube/config, or run in a pod with a service account.");
        }

        var key = string.Join("|", files.Select(f => $"{f.FullName}:{f.Length}:{f.LastWriteTimeUtc.Ticks}")) + "|" + request.Context;
        return Cached(key, () => FromFiles(files, request.Context));
    }

    private KubeConnection Cached(string key, Func<KubeConnection> make)
    {
        var lazy = _connections.GetOrAdd(key, _ => new Lazy<KubeConnection>(() =>
        {
            var made = make();
            Created++;
            return made;
        }));
        try
        {
            return lazy.Value;
        }
        catch (KubeException)
        {
            _connections.TryRemove(key, out _); // a failed configuration is read again next time
            throw;
        }
    }

    private List<FileInfo> ConfigFiles(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var file = new FileInfo(explicitPath);
            if (!file.Exists)
            {
                throw new KubeException(ConfigNotFound, ErrorKind.ObjectNotFound, $"The kubeconfig file {file.FullName} does not exist.") { Target = file.FullName };
            }

            return [file];
        }

        if (_environment("KUBECONFIG") is { Length: > 0 } list)
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(p => new FileInfo(p)).Where(f => f.Exists).ToList();
        }

        var home = _environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultFile = new FileInfo(Path.Combine(home, ".kube", "config"));
        return defaultFile.Exists ? [defaultFile] : [];
    }

    private static KubeConnection FromFiles(List<FileInfo> files, string? context)
    {
        K8SConfiguration config;
        try
        {
            config = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(f, useRelativePaths: true)).ToList());
        }
        catch (Exception ex) when (ex is KubeConfigException or YamlDotNet.Core.YamlException or IOException or ArgumentException)
        {
            throw new KubeException(ConfigInvalid, ErrorKind.InvalidData, $"The kubeconfig {string.Join(", ", files.Select(f => f.FullName))} could not be read: {FirstLine(ex.Message)}", ex) { Target = files[0].FullName };
        }

        var contextName = string.IsNullOrEmpty(context) ? config.CurrentContext : context;
        var known = config.Contexts?.FirstOrDefault(c => c.Name == contextName);
        if (known is null)
        {
            var names = string.Join(", ", config.Contexts?.Select(c => c.Name) ?? []);
            throw new KubeException(ContextNotFound, ErrorKind.ObjectNotFound,
                string.IsNullOrEmpty(contextName)
                    ? $"The kubeconfig sets no current-context; give -Context (one of: {names})."
                    : $"The kubeconfig has no context '{contextName}' (it has: {names}).")
            { Target = contextName };
        }

        KubernetesClientConfiguration settings;
        try
        {
            settings = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName);
        }
        catch (Exception ex) when (ex is KubeConfigException or ArgumentException or IOException or FormatException)
        {
            throw new KubeException(ConfigInvalid, ErrorKind.InvalidData, $"The kubeconfig context '{contextName}' is not usable: {FirstLine(ex.Message)}", ex) { Target = contextName };
        }

        var source = string.Join(Path.PathSeparator, files.Select(f => f.FullName));
        return new KubeConnection(new k8s.Kubernetes(settings), ServerOf(settings.Host), contextName, string.IsNullOrEmpty(known.ContextDetails?.Namespace) ? "default" : known.ContextDetails.Namespace, source);
    }

    // KUBECONFIG's files merged as kubectl merges them: the first file that sets a value (or names an entry) wins.
    private static K8SConfiguration Merge(List<K8SConfiguration> configs)
    {
        var merged = configs[0];
        foreach (var next in configs.Skip(1))
        {
            merged.CurrentContext = string.IsNullOrEmpty(merged.CurrentContext) ? next.CurrentContext : merged.CurrentContext;
            merged.Contexts = (merged.Contexts ?? []).Concat((next.Contexts ?? []).Where(c => merged.Contexts?.Any(m => m.Name == c.Name) != true)).ToList();
            merged.Clusters = (merged.Clusters ?? []).Concat((next.Clusters ?? []).Where(c => merged.Clusters?.Any(m => m.Name == c.Name) != true)).ToList();
            merged.Users = (merged.Users ?? []).Concat((next.Users ?? []).Where(c => merged.Users?.Any(m => m.Name == c.Name) != true)).ToList();
        }

        return merged;
    }

    private static KubeConnection InCluster()
    {
        var settings = KubernetesClientConfiguration.InClusterConfig();
        return new KubeConnection(new k8s.Kubernetes(settings), ServerOf(settings.Host), null, string.IsNullOrEmpty(settings.Namespace) ? "default" : settings.Namespace, "in-cluster");
    }

    // The server URL without any user-info part.
    private static string ServerOf(string host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/') : host;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public void Dispose()
    {
        foreach (var lazy in _connections.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        _connections.Clear();
    }
}
