namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Maps request paths to routes: exact paths first, then the longest matching prefix (for later
/// mounts such as "/v1/secret/"). Endpoint groups add their routes in their Map method.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, Route> _exact = new(StringComparer.Ordinal);
    private readonly List<Route> _prefixes = [];

    public RouteTable Map(string path, RouteAccess access, params (string Method, RouteHandler Handler)[] handlers)
    {
        _exact.Add(path, new Route(path, IsPrefix: false, access, ToDictionary(handlers)));
        return this;
    }

    public RouteTable MapPrefix(string prefix, RouteAccess access, params (string Method, RouteHandler Handler)[] handlers)
    {
        _prefixes.Add(new Route(prefix, IsPrefix: true, access, ToDictionary(handlers)));
        _prefixes.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
        return this;
    }

    public Route? Find(string path)
    {
        if (_exact.TryGetValue(path, out Route? route))
        {
            return route;
        }

        foreach (Route prefix in _prefixes)
        {
            if (path.StartsWith(prefix.Path, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return null;
    }

    private static Dictionary<string, RouteHandler> ToDictionary((string Method, RouteHandler Handler)[] handlers)
    {
        var map = new Dictionary<string, RouteHandler>(StringComparer.Ordinal);
        foreach ((string method, RouteHandler handler) in handlers)
        {
            map.Add(method, handler);
        }

        return map;
    }
}
