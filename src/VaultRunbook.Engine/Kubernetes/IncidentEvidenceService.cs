using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The incident playbook's evidence collection: for each pod, its manifest (managedFields and the last-applied
/// annotation stripped, literal env values redacted: only references to secrets stay), a describe-like summary,
/// the log of every container and of its previous instance; the namespace's events about those pods and its
/// network policies; and manifest.json with the sha256 and size of every file. The folder is built in a hidden
/// temp sibling and renamed into place, so it appears whole or not at all, and an existing folder is never touched.
/// File names come from pod and container names made safe (no separator, no dot-dot); no path leaves the folder.
/// </summary>
public static class IncidentEvidenceService
{
    public const string FolderExists = "VaultRunbook.K8s.EvidenceFolderExists";
    public const string ParentMissing = "VaultRunbook.K8s.EvidenceParentNotFound";
    public const string WriteFailed = "VaultRunbook.K8s.EvidenceWriteFailed";
    public const string Redacted = "(redacted by VaultRunbook)";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="KubeException">EvidenceFolderExists, EvidenceParentNotFound, EvidenceWriteFailed, or an API failure (nothing is left behind).</exception>
    public static async Task<K8sIncidentEvidence> SaveAsync(KubeConnection connection, string ns, IReadOnlyList<string> podNames, string folder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(podNames);
        var target = System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        CheckTarget(target);
        var parent = System.IO.Path.GetDirectoryName(target)!;
        var temp = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(target)}.partial-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}");
        try
        {
            CreateOwnerOnly(temp);
            var writer = new EvidenceWriter(temp);
            var gaps = new List<string>();
            var pods = new List<V1Pod>();
            foreach (var name in podNames.Distinct(StringComparer.Ordinal))
            {
                pods.Add(await PodTargets.GetAsync(connection, ns, name, cancellationToken).ConfigureAwait(false));
            }

            foreach (var pod in pods)
            {
                await WritePodAsync(connection, ns, pod, writer, gaps, cancellationToken).ConfigureAwait(false);
            }

            var taken = pods.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var events = await KubeErrors.Call($"the events of namespace {ns}", () => connection.Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            var about = events.Items.Where(e => e.InvolvedObject?.Kind == "Pod" && taken.Contains(e.InvolvedObject.Name)).OrderBy(EventTime).ToList();
            writer.Write("events.json", ToJsonArray(about.Select(e => Stripped(e))));
            var policies = await KubeErrors.Call($"the network policies of namespace {ns}", () => connection.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            writer.Write("networkpolicies.json", ToJsonArray(policies.Items.Select(p => Stripped(p))));

            var manifest = new JsonObject
            {
                ["tool"] = "VaultRunbook Save-K8sIncidentEvidence",
                ["createdAt"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["server"] = connection.Server,
                ["context"] = connection.Context,
                ["namespace"] = ns,
                ["pods"] = new JsonArray(pods.Select(p => (JsonNode?)JsonValue.Create(p.Metadata.Name)).ToArray()),
                ["files"] = new JsonArray(writer.Files.Select(f => (JsonNode?)new JsonObject { ["path"] = f.Path, ["size"] = f.Size, ["sha256"] = f.Sha256 }).ToArray()),
                ["gaps"] = new JsonArray(gaps.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            };
            var manifestFile = writer.Write("manifest.json", manifest.ToJsonString(Indented) + "\n");
            var files = writer.Files.Select(f => f.Path).ToList();
            var bytes = writer.Files.Sum(f => f.Size);
            Publish(temp, target);
            return new K8sIncidentEvidence
            {
                Path = target,
                Namespace = ns,
                Pods = pods.Select(p => p.Metadata.Name).ToList(),
                Files = files,
                Bytes = bytes,
                Sha256 = manifestFile.Sha256,
                Gaps = gaps,
                Server = connection.Server,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new KubeException(WriteFailed, ErrorKind.InvalidResult, $"The evidence could not be written beside '{target}': {ex.Message}", ex) { Target = target };
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A pod or container name as one safe file-name segment: [A-Za-z0-9._-] kept, anything else '_', never "." or "..".</summary>
    public static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var text = safe.ToString();
        if (text.Length == 0 || text.All(c => c == '.') || text.StartsWith('.'))
        {
            text = "_" + text;
        }

        return text.Length > 120 ? text[..120] : text;
    }

    private static void CheckTarget(string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new KubeException(FolderExists, ErrorKind.ResourceExists, $"The evidence folder '{target}' already exists; evidence is never overwritten or added to. Give a new folder.") { Target = target };
        }

        var parent = System.IO.Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new KubeException(ParentMissing, ErrorKind.ObjectNotFound, $"The folder '{parent}' that should hold the evidence folder does not exist.") { Target = target };
        }
    }

    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // One rename: the folder appears whole. A folder made meanwhile at the target makes the rename fail, and is left alone.
    private static void Publish(string temp, string target)
    {
        try
        {
            Directory.Move(temp, target);
        }
        catch (IOException ex)
        {
            if (Directory.Exists(target) || File.Exists(target))
            {
                throw new KubeException(FolderExists, ErrorKind.ResourceExists, $"The evidence folder '{target}' appeared while the evidence was collected; it was left as it is. Give a new folder.", ex) { Target = target };
            }

            throw new KubeException(WriteFailed, ErrorKind.InvalidResult, $"The evidence could not be moved into '{target}': {ex.Message}", ex) { Target = target };
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: a hidden .partial folder beside the target
        }
    }

    private static async Task WritePodAsync(KubeConnection connection, string ns, V1Pod pod, EvidenceWriter writer, List<string> gaps, CancellationToken cancellationToken)
    {
        var podFolder = "pods/" + SafeName(pod.Metadata.Name);
        writer.Write($"{podFolder}/pod.json", Stripped(pod).ToJsonString(Indented) + "\n");
        writer.Write($"{podFolder}/describe.txt", Describe(pod));
        foreach (var container in PodTargets.Containers(pod))
        {
            var instances = PodTargets.HasPrevious(pod, container) ? new[] { false, true } : [false];
            foreach (var previous in instances)
            {
                var file = $"{podFolder}/logs/{SafeName(container)}{(previous ? ".previous" : string.Empty)}.log";
                try
                {
                    var text = await PodLogService.ReadTextAsync(connection, ns, pod.Metadata.Name, container, new PodLogRequest { Previous = previous, Timestamps = true }, cancellationToken).ConfigureAwait(false);
                    writer.Write(file, text);
                }
                catch (KubeException ex) when (ex.ErrorId is not (KubeErrors.Unauthorized or KubeErrors.Unreachable))
                {
                    gaps.Add($"{file}: {ex.ErrorId}: {ex.Message}");
                }
            }
        }
    }

    private static DateTimeOffset EventTime(Corev1Event e) =>
        e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue;

    private static string ToJsonArray(IEnumerable<JsonObject> items) => new JsonArray(items.Select(i => (JsonNode?)i).ToArray()).ToJsonString(Indented) + "\n";

    // The object as JSON without managedFields and last-applied-configuration; every literal env value redacted.
    private static JsonObject Stripped(object obj)
    {
        var node = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!;
        if (node["metadata"] is JsonObject meta)
        {
            meta.Remove("managedFields");
            if (meta["annotations"] is JsonObject annotations)
            {
                annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
            }
        }

        RedactEnv(node);
        return node;
    }

    private static void RedactEnv(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["env"] is JsonArray env)
                {
                    foreach (var variable in env.OfType<JsonObject>().Where(v => v["value"] is not null))
                    {
                        variable["value"] = Redacted;
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RedactEnv(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RedactEnv(child);
                }

                break;
        }
    }

    // kubectl describe pod's main lines; env shows names and where values come from, never a value.
    private static string Describe(V1Pod pod)
    {
        var text = new StringBuilder();
        void Line(string label, object? value) => text.Append(CultureInfo.InvariantCulture, $"{label + ":",-18}{value}\n");
        string Map(IDictionary<string, string>? map) => map is { Count: > 0 } ? string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) : "<none>";
        Line("Name", pod.Metadata.Name);
        Line("Namespace", pod.Metadata.NamespaceProperty);
        Line("Node", pod.Spec?.NodeName ?? "<none>");
        Line("Start Time", pod.Status?.StartTime?.ToString("u", CultureInfo.InvariantCulture) ?? "<none>");
        Line("Labels", Map(pod.Metadata.Labels));
        Line("Annotations", pod.Metadata.Annotations is { Count: > 0 } a ? string.Join(", ", a.Keys.Where(k => k != "kubectl.kubernetes.io/last-applied-configuration").Order(StringComparer.Ordinal)) : "<none>");
        Line("Status", pod.Status?.Phase ?? "<unknown>");
        Line("IP", pod.Status?.PodIP ?? "<none>");
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        Line("Controlled By", owner is null ? "<none>" : $"{owner.Kind}/{owner.Name}");
        Line("Service Account", pod.Spec?.ServiceAccountName ?? "default");
        text.Append("Containers:\n");
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            var status = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container.Name);
            text.Append(CultureInfo.InvariantCulture, $"  {container.Name}:\n");
            text.Append(CultureInfo.InvariantCulture, $"    Image:          {container.Image}\n");
            text.Append(CultureInfo.InvariantCulture, $"    State:          {State(status?.State)}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Last State:     {State(status?.LastState)}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Ready:          {status?.Ready}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Restart Count:  {status?.RestartCount ?? 0}\n");
            if (container.Env is { Count: > 0 } env)
            {
                text.Append("    Environment:\n");
                foreach (var variable in env)
                {
                    var source = variable.ValueFrom switch
                    {
                        { SecretKeyRef: { } s } => $"<set to the key '{s.Key}' in secret '{s.Name}'>",
                        { ConfigMapKeyRef: { } c } => $"<set to the key '{c.Key}' of config map '{c.Name}'>",
                        { FieldRef: { } f } => $"({f.FieldPath})",
                        { ResourceFieldRef: { } r } => $"({r.Resource})",
                        _ => Redacted,
                    };
                    text.Append(CultureInfo.InvariantCulture, $"      {variable.Name}:  {source}\n");
                }
            }
        }

        text.Append("Conditions:\n");
        foreach (var condition in pod.Status?.Conditions ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"  {condition.Type,-18}{condition.Status}\n");
        }

        text.Append("Volumes:\n");
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var kind = volume.Secret is { } s ? $"Secret (a volume populated by a Secret) SecretName: {s.SecretName}"
                : volume.ConfigMap is { } c ? $"ConfigMap Name: {c.Name}"
                : volume.EmptyDir is not null ? "EmptyDir"
                : volume.PersistentVolumeClaim is { } p ? $"PersistentVolumeClaim ClaimName: {p.ClaimName}"
                : "other";
            text.Append(CultureInfo.InvariantCulture, $"  {volume.Name}: {kind}\n");
        }

        return text.ToString();
    }

    private static string State(V1ContainerState? state) => state switch
    {
        { Running: { } r } => $"Running (started {r.StartedAt?.ToString("u", CultureInfo.InvariantCulture)})",
        { Waiting: { } w } => $"Waiting ({w.Reason})",
        { Terminated: { } t } => $"Terminated ({t.Reason}, exit code {t.ExitCode}, finished {t.FinishedAt?.ToString("u", CultureInfo.InvariantCulture)})",
        _ => "<none>",
    };

    /// <summary>Writes files under one root, refusing any path that would leave it, and keeps their size and sha256.</summary>
    private sealed class EvidenceWriter(string root)
    {
        private readonly string _root = System.IO.Path.GetFullPath(root) + System.IO.Path.DirectorySeparatorChar;

        public List<(string Path, long Size, string Sha256)> Files { get; } = new();

        public (string Path, long Size, string Sha256) Write(string relative, string contents)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(_root, relative));
            if (!full.StartsWith(_root, StringComparison.Ordinal) || Files.Any(f => f.Path == relative))
            {
                throw new KubeException(WriteFailed, ErrorKind.InvalidData, $"The evidence file name '{relative}' would leave the evidence folder or repeat a file; nothing was written.") { Target = relative };
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            var bytes = new UTF8Encoding(false).GetBytes(contents);
            using (var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            var file = (relative, (long)bytes.Length, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
            Files.Add(file);
            return file;
        }
    }
}
