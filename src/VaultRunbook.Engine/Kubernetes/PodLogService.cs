using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// kubectl logs as calls: pods/{name}/log per container (container, tailLines, sinceSeconds, previous, timestamps),
/// split into lines, optionally filtered by a pattern. The API server's 400 answers become stable ids.
/// </summary>
public static class PodLogService
{
    public const string ContainerNotFound = "VaultRunbook.K8s.ContainerNotFound";
    public const string NoPreviousContainer = "VaultRunbook.K8s.NoPreviousContainer";

    /// <summary>kubectl logs for one pod: each container asked (else all), one record per line kept.</summary>
    /// <exception cref="KubeException">NotFound (the pod), ContainerNotFound, NoPreviousContainer...</exception>
    public static async Task<IReadOnlyList<K8sPodLogLine>> ReadAsync(KubeConnection connection, string ns, string pod, PodLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await PodTargets.GetAsync(connection, ns, pod, cancellationToken).ConfigureAwait(false);
        var containers = ContainersOf(found, request.Containers);
        if (request.Previous && request.Containers.Count == 0 && containers.Where(c => PodTargets.HasPrevious(found, c)).ToList() is { Count: > 0 } restarted)
        {
            containers = restarted; // all containers, -Previous: those that have a previous instance
        }

        var lines = new List<K8sPodLogLine>();
        foreach (var container in containers)
        {
            lines.AddRange(await ReadLinesAsync(connection, ns, pod, container, request, cancellationToken).ConfigureAwait(false));
        }

        return lines;
    }

    /// <summary>The containers a request reads of this pod: those asked (each must exist), else all of them.</summary>
    /// <exception cref="KubeException">ContainerNotFound.</exception>
    internal static IReadOnlyList<string> ContainersOf(V1Pod pod, IReadOnlyList<string> asked)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(asked);
        var all = PodTargets.Containers(pod);
        if (asked.Count == 0)
        {
            return all;
        }

        foreach (var container in asked.Where(c => !all.Contains(c, StringComparer.Ordinal)))
        {
            var what = PodTargets.Describe(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            throw new KubeException(ContainerNotFound, ErrorKind.ObjectNotFound, $"The {what} has no container '{container}'; its containers are {string.Join(", ", all)}.") { Target = what };
        }

        return asked.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One container's log as the API server sends it (text), for the evidence files.</summary>
    /// <exception cref="KubeException">NoPreviousContainer, ContainerNotFound, NotFound...</exception>
    internal static async Task<string> ReadTextAsync(KubeConnection connection, string ns, string pod, string container, PodLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var what = $"the log of container {container} of {PodTargets.Describe(ns, pod)}{(request.Previous ? " (previous instance)" : string.Empty)}";
        int? sinceSeconds = request.Since is { } since ? (int)Math.Max(1, Math.Ceiling(since.TotalSeconds)) : null;
        try
        {
            return await KubeErrors.Call(what, async () =>
            {
                using var stream = await connection.Client.CoreV1.ReadNamespacedPodLogAsync(
                    pod, ns, container: container, previous: request.Previous, sinceSeconds: sinceSeconds, tailLines: request.Tail, timestamps: request.Timestamps, cancellationToken: cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }, connection.Server).ConfigureAwait(false);
        }
        catch (KubeException ex) when (ex.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.BadRequest } bad)
        {
            var message = ex.Message;
            if (bad.Response.Content?.Contains("previous terminated container", StringComparison.Ordinal) == true)
            {
                throw new KubeException(NoPreviousContainer, ErrorKind.ObjectNotFound, $"Container {container} of {PodTargets.Describe(ns, pod)} has no previous (terminated) instance: {message}", ex) { Target = PodTargets.Describe(ns, pod) };
            }

            if (bad.Response.Content?.Contains("is not valid for pod", StringComparison.Ordinal) == true)
            {
                throw new KubeException(ContainerNotFound, ErrorKind.ObjectNotFound, message, ex) { Target = PodTargets.Describe(ns, pod) };
            }

            throw;
        }
    }

    /// <summary>One container's log as lines (the last, empty, piece after the final newline dropped), filtered by the request's pattern.</summary>
    /// <exception cref="KubeException">NoPreviousContainer, ContainerNotFound, NotFound...</exception>
    internal static async Task<IReadOnlyList<K8sPodLogLine>> ReadLinesAsync(KubeConnection connection, string ns, string pod, string container, PodLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = await ReadTextAsync(connection, ns, pod, container, request, cancellationToken).ConfigureAwait(false);
        var lines = new List<K8sPodLogLine>();
        foreach (var raw in Lines(text))
        {
            var line = raw;
            DateTimeOffset? stamp = null;
            if (request.Timestamps)
            {
                (stamp, line) = SplitTimestamp(raw);
            }

            if (request.Pattern is { } pattern && !pattern.IsMatch(line))
            {
                continue;
            }

            lines.Add(new K8sPodLogLine { Namespace = ns, Pod = pod, Container = container, Previous = request.Previous, Timestamp = stamp, Line = line });
        }

        return lines;
    }

    internal static IEnumerable<string> Lines(string text)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return lines.Take(count).Select(l => l.TrimEnd('\r'));
    }

    // "2026-12-05T14:10:07.123456789Z line": RFC 3339 with up to nanoseconds (more digits than .NET parses).
    internal static (DateTimeOffset? Stamp, string Line) SplitTimestamp(string raw)
    {
        var space = raw.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return (null, raw);
        }

        var stamp = raw[..space];
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var zone = stamp.IndexOfAny(['Z', '+', '-'], dot);
            var fraction = zone > 0 ? stamp[(dot + 1)..zone] : stamp[(dot + 1)..];
            stamp = stamp[..dot] + "." + fraction.PadRight(7, '0')[..7] + (zone > 0 ? stamp[zone..] : string.Empty);
        }

        return DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? (time, raw[(space + 1)..])
            : (null, raw);
    }
}
