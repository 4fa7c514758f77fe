namespace VaultRunbook.Sandbox.Http;

/// <summary>Answers one request on one route.</summary>
internal delegate ValueTask<SandboxResponse> RouteHandler(SandboxRequest request);
