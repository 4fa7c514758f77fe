using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// The fake's etcd: objects by resource, namespace and name, one resourceVersion counter for the whole cluster
/// (as the API server has), and the event log that watches read from.
/// </summary>
public sealed class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<WatchEvent> _log = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resourceVersion = 1000;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    private static string Key(ResourceKind kind, string? ns, string name) => $"{kind.StoreKey}|{ns}|{name}";

    public JsonObject? Get(ResourceKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(kind, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    /// <summary>Every object of a resource in a namespace (null: all namespaces), sorted by namespace and name.</summary>
    public List<JsonObject> List(ResourceKind kind, string? ns)
    {
        var prefix = ns is null ? kind.StoreKey + "|" : $"{kind.StoreKey}|{ns}|";
        lock (_gate)
        {
            return _objects.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (JsonObject)p.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>Stores an object (created or replaced), giving it the next resourceVersion, and logs the change.</summary>
    public JsonObject Put(ResourceKind kind, JsonObject obj)
    {
        var meta = obj.Meta();
        var ns = kind.Namespaced ? (string?)meta["namespace"] : null;
        var name = (string)meta["name"]!;
        lock (_gate)
        {
            var key = Key(kind, ns, name);
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            meta["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = (JsonObject)obj.DeepClone();
            _objects[key] = stored;
            Log(kind, ns, type, stored);
            return (JsonObject)stored.DeepClone();
        }
    }

    public JsonObject? Delete(ResourceKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            var key = Key(kind, ns, name);
            if (!_objects.Remove(key, out var removed))
            {
                return null;
            }

            removed.Meta()["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Log(kind, ns, "DELETED", removed);
            return (JsonObject)removed.DeepClone();
        }
    }

    private void Log(ResourceKind kind, string? ns, string type, JsonObject obj)
    {
        _log.Add(new WatchEvent(_resourceVersion, kind.StoreKey, ns, type, (JsonObject)obj.DeepClone()));
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>The changes after a resourceVersion, and a task that completes at the next change.</summary>
    public (List<WatchEvent> Events, Task Next) Since(ResourceKind kind, string? ns, long after)
    {
        lock (_gate)
        {
            var events = _log.Where(e => e.ResourceVersion > after && e.StoreKey == kind.StoreKey && (ns is null || e.Namespace == ns)).ToList();
            return (events, _changed.Task);
        }
    }
}

/// <summary>One change, as a watch streams it.</summary>
public sealed record WatchEvent(long ResourceVersion, string StoreKey, string? Namespace, string Type, JsonObject Object);
