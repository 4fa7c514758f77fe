using System.Text.RegularExpressions;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>One path pattern of a backend (relative to its mount) and a handler per operation.</summary>
internal sealed record LogicalRoute(Regex Pattern, IReadOnlyDictionary<LogicalOperation, LogicalHandler> Handlers, LogicalExistenceCheck? Exists)
{
    /// <summary>The handler for <paramref name="operation"/>; a create falls back to the update handler.</summary>
    public LogicalHandler? HandlerFor(LogicalOperation operation) =>
        Handlers.TryGetValue(operation, out LogicalHandler? handler) ? handler
        : operation == LogicalOperation.Create && Handlers.TryGetValue(LogicalOperation.Update, out handler) ? handler
        : null;
}
