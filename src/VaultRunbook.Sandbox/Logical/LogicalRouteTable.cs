using System.Text.RegularExpressions;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// A backend's paths, relative to its mount, as Vault's framework matches them: anchored regular
/// expressions tried in the order they were added; the first match wins. Endpoint groups add their
/// routes in their Map method.
/// </summary>
internal sealed class LogicalRouteTable
{
    private readonly List<LogicalRoute> _routes = [];

    public LogicalRouteTable Map(string pattern, LogicalExistenceCheck? exists, params (LogicalOperation Operation, LogicalHandler Handler)[] handlers)
    {
        var map = new Dictionary<LogicalOperation, LogicalHandler>();
        foreach ((LogicalOperation operation, LogicalHandler handler) in handlers)
        {
            map.Add(operation, handler);
        }

        _routes.Add(new LogicalRoute(new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant), map, exists));
        return this;
    }

    /// <summary>The first route whose pattern matches, with its named groups; null when none does.</summary>
    public (LogicalRoute Route, IReadOnlyDictionary<string, string> Params)? Find(string relativePath)
    {
        foreach (LogicalRoute route in _routes)
        {
            Match match = route.Pattern.Match(relativePath);
            if (!match.Success)
            {
                continue;
            }

            var captured = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Group group in match.Groups)
            {
                if (group.Success && !int.TryParse(group.Name, out _))
                {
                    captured[group.Name] = group.Value;
                }
            }

            return (route, captured);
        }

        return null;
    }
}
