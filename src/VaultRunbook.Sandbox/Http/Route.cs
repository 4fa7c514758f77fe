namespace VaultRunbook.Sandbox.Http;

/// <summary>One entry of the <see cref="RouteTable"/>: a path (or path prefix) and a handler per HTTP method.</summary>
internal sealed record Route(string Path, bool IsPrefix, RouteAccess Access, IReadOnlyDictionary<string, RouteHandler> Handlers);
