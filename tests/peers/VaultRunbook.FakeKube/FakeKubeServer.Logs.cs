using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// pods/{name}/log as the API server (through the kubelet) serves it: text/plain, one line per log line, with
/// container, tailLines, sinceSeconds, previous and timestamps (RFC 3339 with nanoseconds, then a space). A pod
/// with several containers and no container asked, an unknown container, and a previous instance that does not
/// exist are 400 Bad Request with the API server's messages. Tests seed the lines with <see cref="AddLogLines"/>.
/// </summary>
public sealed partial class FakeKubeServer
{
    private readonly ConcurrentDictionary<string, List<(DateTimeOffset Time, string Text)>> _logs = new(StringComparer.Ordinal);

    private static string LogKey(string ns, string pod, string container, bool previous) => $"{ns}/{pod}/{container}/{(previous ? "previous" : "current")}";

    /// <summary>
    /// Appends log lines to a pod's container (the current instance, or with <paramref name="previous"/> the one
    /// before its last restart: the container's status then shows a terminated last state and a restart, as the
    /// kubelet reports it). Lines are stamped one millisecond apart, ending at <paramref name="at"/> (default: now).
    /// </summary>
    public void AddLogLines(string ns, string pod, string container, string[] lines, bool previous = false, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var end = at ?? DateTimeOffset.UtcNow;
        var log = _logs.GetOrAdd(LogKey(ns, pod, container, previous), _ => new List<(DateTimeOffset, string)>());
        lock (log)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                log.Add((end.AddMilliseconds(i - lines.Length + 1), lines[i]));
            }
        }

        if (previous)
        {
            Update("Pod", ns, pod, obj =>
            {
                var status = obj.Obj("status");
                var statuses = status.Arr("containerStatuses");
                var state = statuses.OfType<JsonObject>().FirstOrDefault(s => s.Str("name") == container);
                if (state is null)
                {
                    state = new JsonObject { ["name"] = container, ["ready"] = true, ["started"] = true, ["restartCount"] = 0, ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Now() } } };
                    statuses.Add(state);
                }

                if (state["lastState"]?["terminated"] is null)
                {
                    state["restartCount"] = state.Long("restartCount") + 1;
                    state["lastState"] = new JsonObject
                    {
                        ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = Json.Time(end.AddMinutes(-5)), ["finishedAt"] = Json.Time(end) },
                    };
                }
            });
        }
    }

    /// <summary>A bare pod (no controller) with the given labels and containers, running and ready, for log and evidence tests.</summary>
    public JsonObject AddPod(string ns, string name, System.Collections.IDictionary? labels, params string[] containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        AddNamespace(ns);
        var specContainers = new JsonArray();
        var statuses = new JsonArray();
        foreach (var container in containers)
        {
            specContainers.Add(new JsonObject { ["name"] = container, ["image"] = $"registry.example.com/{ns}:1.0.0", ["imagePullPolicy"] = "IfNotPresent" });
            statuses.Add(new JsonObject
            {
                ["name"] = container,
                ["image"] = $"registry.example.com/{ns}:1.0.0",
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Now() } },
                ["lastState"] = new JsonObject(),
            });
        }

        var ready = new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = Json.Now() };
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = Json.Labels(labels) },
            ["spec"] = new JsonObject { ["containers"] = specContainers, ["nodeName"] = NodeName, ["restartPolicy"] = "Always" },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = $"10.244.1.{System.Security.Cryptography.RandomNumberGenerator.GetInt32(2, 250)}",
                ["startTime"] = Json.Now(),
                ["conditions"] = new JsonArray(ready),
                ["containerStatuses"] = statuses,
            },
        };
        var created = Create(ResourceKind.ByKind("Pod"), ns, pod, immediate: true);
        _simulator.SyncEndpoints(ns);
        return created;
    }

    private async Task ServeLogAsync(HttpExchange exchange, JsonObject pod)
    {
        var query = exchange.Query;
        var name = pod.Meta().Str("name")!;
        var ns = pod.Meta().Str("namespace")!;
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().Select(c => c.Str("name")!).ToList() ?? [];
        var container = query["container"];
        if (string.IsNullOrEmpty(container))
        {
            if (containers.Count != 1)
            {
                throw new FakeKubeException(400, "BadRequest", $"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]");
            }

            container = containers[0];
        }
        else if (!containers.Contains(container, StringComparer.Ordinal))
        {
            throw new FakeKubeException(400, "BadRequest", $"container {container} is not valid for pod {name}");
        }

        var previous = query["previous"] is "true" or "1";
        if (previous)
        {
            var state = (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(s => s.Str("name") == container);
            if (state?["lastState"]?["terminated"] is null)
            {
                throw new FakeKubeException(400, "BadRequest", $"previous terminated container \"{container}\" in pod \"{name}\" not found");
            }
        }

        List<(DateTimeOffset Time, string Text)> lines;
        var log = _logs.TryGetValue(LogKey(ns, name, container, previous), out var found) ? found : [];
        lock (log)
        {
            lines = log.ToList();
        }

        if (long.TryParse(query["sinceSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var since))
        {
            if (since <= 0)
            {
                throw new FakeKubeException(422, "Invalid", $"PodLogOptions \"{name}\" is invalid: sinceSeconds: Invalid value: {since}: must be greater than 0");
            }

            var cutoff = DateTimeOffset.UtcNow.AddSeconds(-since);
            lines = lines.Where(l => l.Time >= cutoff).ToList();
        }

        if (long.TryParse(query["tailLines"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var tail) && tail >= 0)
        {
            lines = lines.Skip(Math.Max(0, lines.Count - (int)Math.Min(tail, int.MaxValue))).ToList();
        }

        var timestamps = query["timestamps"] is "true" or "1";
        var text = new StringBuilder();
        foreach (var (time, line) in lines)
        {
            if (timestamps)
            {
                text.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(line).Append('\n');
        }

        await exchange.RespondAsync(200, "text/plain", Encoding.UTF8.GetBytes(text.ToString()), _stopping.Token).ConfigureAwait(false);
    }
}
