using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// Backs up a namespace's ConfigMaps (and, sealed with the operator's key, its Secrets) into a folder of YAML files,
/// and restores such a folder: everything is read, decrypted and checked before the first write (see
/// <see cref="ConfigBackupFormat"/> for the files).
/// </summary>
public static class NamespaceConfigBackupService
{
    public const string BackupExists = "VaultRunbook.K8s.BackupExists";
    public const string BackupNotFound = "VaultRunbook.K8s.BackupNotFound";
    public const string WriteFailed = "VaultRunbook.K8s.BackupWriteFailed";
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <exception cref="KubeException">BackupExists, BackupKeyRequired, NotFound, Forbidden...</exception>
    public static async Task<K8sConfigBackup> BackupAsync(KubeConnection connection, string ns, string folder, bool includeSecrets, BackupKey? key, bool force, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var target = Path.GetFullPath(folder);
        if (includeSecrets && key is null)
        {
            throw new KubeException(BackupKey.KeyRequired, ErrorKind.InvalidArgument, "-IncludeSecrets seals the Secrets with your key: give -KeyFile or -Key (32 random bytes, base64 or hex).") { Target = target };
        }

        if ((Directory.Exists(target) || File.Exists(target)) && !force)
        {
            throw new KubeException(BackupExists, ErrorKind.ResourceExists, $"The backup folder '{target}' already exists; it was left as it is. Give another -Path, or -Force to replace it.") { Target = target };
        }

        // -Force replaces a backup (or an empty folder), never a folder or file of anything else.
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ConfigBackupFormat.ManifestFile))))
        {
            throw new KubeException(BackupExists, ErrorKind.ResourceExists, $"'{target}' exists and is not a backup made by Backup-K8sNamespaceConfig; it was left as it is, even with -Force. Give another -Path.") { Target = target };
        }

        var client = connection.Client;
        var configMaps = (await KubeErrors.Call($"the configmaps of namespace {ns}", () => client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Items
            .Where(c => c.Metadata.Name != "kube-root-ca.crt") // made by the cluster in every namespace
            .OrderBy(c => c.Metadata.Name, StringComparer.Ordinal).ToList();
        var secrets = includeSecrets
            ? (await KubeErrors.Call($"the secrets of namespace {ns}", () => client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Items
                .Where(s => s.Type != "kubernetes.io/service-account-token") // made by the cluster for its service accounts
                .OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList()
            : [];

        var files = new List<(string Name, byte[] Content)>();
        var items = new List<ConfigBackupFormat.ManifestItem>();
        void Add(string kind, string name, byte[] content, bool encrypted)
        {
            var file = ConfigBackupFormat.FileName(kind, name);
            files.Add((file, content));
            items.Add(new ConfigBackupFormat.ManifestItem { Kind = kind, Name = name, File = file, Encrypted = encrypted, Sha256 = ConfigBackupFormat.Sha256(content) });
        }

        foreach (var configMap in configMaps)
        {
            var clean = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Stripped(configMap.Metadata, ns), Data = configMap.Data, BinaryData = configMap.BinaryData, Immutable = configMap.Immutable };
            Add("ConfigMap", clean.Metadata.Name, Encoding.UTF8.GetBytes(KubernetesYaml.Serialize(clean)), encrypted: false);
        }

        foreach (var secret in secrets)
        {
            var clean = new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = Stripped(secret.Metadata, ns), Type = secret.Type, Data = secret.Data, Immutable = secret.Immutable };
            var plaintext = Encoding.UTF8.GetBytes(KubernetesYaml.Serialize(clean));
            try
            {
                Add("Secret", clean.Metadata.Name, ConfigBackupFormat.Seal(key!, ns, clean.Metadata.Name, plaintext), encrypted: true);
            }
            finally
            {
                Array.Clear(plaintext);
            }
        }

        var manifest = new ConfigBackupFormat.Manifest
        {
            Format = ConfigBackupFormat.Format,
            Namespace = ns,
            Server = connection.Server,
            CreatedAt = now,
            KeyCheck = key?.CheckValue,
            Items = items,
        };
        if (key is not null)
        {
            manifest = manifest with { Mac = ConfigBackupFormat.Mac(key, manifest) };
        }

        files.Insert(0, (ConfigBackupFormat.ManifestFile, ConfigBackupFormat.ManifestBytes(manifest)));
        WriteFolder(target, files, force);
        return new K8sConfigBackup
        {
            Path = target,
            Namespace = ns,
            ConfigMaps = configMaps.Count,
            Secrets = secrets.Count,
            Files = files.Select(f => f.Name).ToArray(),
            CreatedAt = now,
            Server = connection.Server,
        };
    }

    /// <summary>
    /// Reads the backup at <paramref name="folder"/>, checks every file's hash, opens every sealed Secret with
    /// <paramref name="key"/>, and compares each object with the cluster's: the steps, before anything is written.
    /// </summary>
    /// <exception cref="KubeException">BackupInvalid, BackupTampered, BackupWrongKey, BackupKeyRequired, and the API's errors.</exception>
    public static async Task<K8sConfigRestorePlan> PlanRestoreAsync(KubeConnection connection, string folder, BackupKey? key, string? targetNamespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var source = Path.GetFullPath(folder);
        if (!Directory.Exists(source))
        {
            throw new KubeException(BackupNotFound, ErrorKind.ObjectNotFound, $"The backup folder '{source}' does not exist. Nothing was restored.") { Target = source };
        }

        var manifest = ConfigBackupFormat.ReadManifest(source);
        var ns = string.IsNullOrEmpty(targetNamespace) ? manifest.Namespace! : targetNamespace;
        if (manifest.KeyCheck is not null || manifest.Items!.Any(i => i.Encrypted))
        {
            if (key is null)
            {
                throw new KubeException(BackupKey.KeyRequired, ErrorKind.InvalidArgument, $"The backup '{source}' was made with a key (it seals Secrets and signs the manifest): give that key (-KeyFile or -Key). Nothing was restored.") { Target = source };
            }

            if (manifest.KeyCheck != key.CheckValue)
            {
                throw new KubeException(ConfigBackupFormat.WrongKey, ErrorKind.PermissionDenied, $"The key given is not the key the backup '{source}' was made with. Nothing was restored.") { Target = source };
            }

            if (manifest.Mac is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(manifest.Mac), Encoding.ASCII.GetBytes(ConfigBackupFormat.Mac(key, manifest))))
            {
                throw ConfigBackupFormat.Tamper(Path.Combine(source, ConfigBackupFormat.ManifestFile), "its MAC does not match its contents (a file's hash or the list of objects was changed)");
            }
        }

        var objects = new Dictionary<(string Kind, string Name), IKubernetesObject<V1ObjectMeta>>();
        foreach (var item in manifest.Items!)
        {
            var file = Path.Combine(source, item.File);
            FileChecks.CheckReadable(file, "VaultRunbook.K8s.BackupFile", "the backup file");
            var content = File.ReadAllBytes(file);
            if (ConfigBackupFormat.Sha256(content) != item.Sha256)
            {
                throw ConfigBackupFormat.Tamper(file, "its SHA-256 is not the one the manifest lists");
            }

            IKubernetesObject<V1ObjectMeta> obj = item.Kind == "Secret"
                ? ReadSecret(key!, file, content, item.Name)
                : Parse<V1ConfigMap>(file, Encoding.UTF8.GetString(content), "ConfigMap", item.Name);
            obj.Metadata.NamespaceProperty = ns;
            objects[(item.Kind, item.Name)] = obj;
        }

        var steps = new List<K8sConfigRestoreItem>();
        var client = connection.Client;
        foreach (var ((kind, name), obj) in objects)
        {
            var what = $"{kind.ToLowerInvariant()} {ns}/{name}";
            IKubernetesObject<V1ObjectMeta>? existing = kind == "Secret"
                ? await ReadOrNull(what, () => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)
                : await ReadOrNull(what, () => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            var action = existing is null ? "Create" : Same(obj, existing) ? "Unchanged" : "Update";
            if (existing is not null)
            {
                obj.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            }

            steps.Add(new K8sConfigRestoreItem { Namespace = ns, Kind = kind, Name = name, Action = action, Server = connection.Server });
        }

        return new K8sConfigRestorePlan(source, ns, steps, objects);
    }

    /// <summary>Applies one step of a plan: creates or replaces the object.</summary>
    public static async Task<K8sConfigRestoreItem> ApplyAsync(KubeConnection connection, K8sConfigRestorePlan plan, K8sConfigRestoreItem step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(step);
        var client = connection.Client;
        var what = Describe(step);
        var obj = plan.Object(step);
        switch (step.Action, obj)
        {
            case ("Create", V1Secret secret):
                secret.Metadata.ResourceVersion = null;
                await KubeErrors.Call(what, () => client.CoreV1.CreateNamespacedSecretAsync(secret, step.Namespace, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                return step with { Action = "Created" };
            case ("Create", V1ConfigMap configMap):
                configMap.Metadata.ResourceVersion = null;
                await KubeErrors.Call(what, () => client.CoreV1.CreateNamespacedConfigMapAsync(configMap, step.Namespace, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                return step with { Action = "Created" };
            case ("Update", V1Secret secret):
                await KubeErrors.Call(what, () => client.CoreV1.ReplaceNamespacedSecretAsync(secret, step.Name, step.Namespace, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                return step with { Action = "Updated" };
            case ("Update", V1ConfigMap configMap):
                await KubeErrors.Call(what, () => client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, step.Name, step.Namespace, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                return step with { Action = "Updated" };
            default:
                return step;
        }
    }

    public static string Describe(K8sConfigRestoreItem step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return $"{step.Kind.ToLowerInvariant()} {step.Namespace}/{step.Name}";
    }

    // Only what the operator wrote: name, namespace, labels, annotations (but kubectl's last-applied copy), finalizers.
    private static V1ObjectMeta Stripped(V1ObjectMeta meta, string ns)
    {
        var annotations = meta.Annotations?.Where(a => a.Key != LastAppliedAnnotation).ToDictionary(a => a.Key, a => a.Value);
        return new V1ObjectMeta
        {
            Name = meta.Name,
            NamespaceProperty = ns,
            Labels = meta.Labels is { Count: > 0 } ? meta.Labels : null,
            Annotations = annotations is { Count: > 0 } ? annotations : null,
            Finalizers = meta.Finalizers is { Count: > 0 } ? meta.Finalizers : null,
        };
    }

    private static V1Secret ReadSecret(BackupKey key, string file, byte[] content, string name)
    {
        var plaintext = ConfigBackupFormat.Open(key, file, content, name);
        try
        {
            return Parse<V1Secret>(file, Encoding.UTF8.GetString(plaintext), "Secret", name);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private static T Parse<T>(string file, string yaml, string kind, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        T? obj;
        try
        {
            obj = KubernetesYaml.Deserialize<T>(yaml);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            // The parser's message may quote the text (a Secret's values): name the file only.
            throw ConfigBackupFormat.Tamper(file, $"it is not the YAML of a {kind}");
        }

        if (obj?.Metadata?.Name != name || obj.Kind != kind || obj.ApiVersion != "v1")
        {
            throw ConfigBackupFormat.Tamper(file, $"it does not hold the {kind} '{name}' the manifest lists");
        }

        return obj;
    }

    private static async Task<T?> ReadOrNull<T>(string what, Func<Task<T>> read, string server)
        where T : class
    {
        try
        {
            return await KubeErrors.Call(what, read, server).ConfigureAwait(false);
        }
        catch (KubeException ex) when (ex.ErrorId == KubeErrors.NotFound)
        {
            return null;
        }
    }

    private static bool Same(IKubernetesObject<V1ObjectMeta> wanted, IKubernetesObject<V1ObjectMeta> existing)
    {
        static bool SameMap<TValue>(IDictionary<string, TValue>? a, IDictionary<string, TValue>? b, Func<TValue, TValue, bool> equal) =>
            (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(p => b!.TryGetValue(p.Key, out var other) && equal(p.Value, other)));

        var sameMeta = SameMap(wanted.Metadata.Labels, existing.Metadata.Labels, string.Equals)
            && SameMap(wanted.Metadata.Annotations, existing.Metadata.Annotations?.Where(a => a.Key != LastAppliedAnnotation).ToDictionary(a => a.Key, a => a.Value), string.Equals);
        return sameMeta && (wanted, existing) switch
        {
            (V1Secret a, V1Secret b) => a.Type == b.Type && SameMap(a.Data, b.Data, (x, y) => x.AsSpan().SequenceEqual(y)),
            (V1ConfigMap a, V1ConfigMap b) => SameMap(a.Data, b.Data, string.Equals) && SameMap(a.BinaryData, b.BinaryData, (x, y) => x.AsSpan().SequenceEqual(y)),
            _ => false,
        };
    }

    // All files into an owner-only temp folder beside the target, then one rename: a reader sees the whole backup or none.
    private static void WriteFolder(string target, List<(string Name, byte[] Content)> files, bool force)
    {
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        string? old = null;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(temp);
            }
            else
            {
                Directory.CreateDirectory(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            foreach (var (name, content) in files)
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(Path.Combine(temp, name), options);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (force && (Directory.Exists(target) || File.Exists(target)))
            {
                old = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
                if (Directory.Exists(target))
                {
                    Directory.Move(target, old);
                }
                else
                {
                    File.Move(target, old);
                }
            }

            try
            {
                Directory.Move(temp, target);
            }
            catch (IOException) when (Directory.Exists(target) || File.Exists(target))
            {
                throw new KubeException(BackupExists, ErrorKind.ResourceExists, $"The backup folder '{target}' was created meanwhile; it was left as it is.") { Target = target };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeException(WriteFailed, ErrorKind.PermissionDenied, $"The backup folder '{target}' could not be written ({ex.Message}); nothing was left behind.", ex) { Target = target };
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            if (old is not null)
            {
                if (Directory.Exists(old))
                {
                    Directory.Delete(old, recursive: true);
                }
                else if (File.Exists(old))
                {
                    File.Delete(old);
                }
            }
        }
    }
}
