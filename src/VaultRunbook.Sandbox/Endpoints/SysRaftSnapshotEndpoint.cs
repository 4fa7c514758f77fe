using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET /v1/sys/storage/raft/snapshot (200, application/gzip, the snapshot as an attachment), POST|PUT
/// /v1/sys/storage/raft/snapshot (the raw snapshot as the body, 204) and POST|PUT …/snapshot-force (the same
/// without the barrier-key check), vault-api-notes §10. Sealed: 503. The token needs root or sudo on the path
/// (a policy named sys/storage/raft+sudo), as the notes advise for this operator endpoint; else 403. Not audited
/// (the sandbox's audit broker only sees logical requests and sys/seal).
/// </summary>
internal sealed class SysRaftSnapshotEndpoint(SandboxCore core, RaftSnapshots snapshots)
{
    private const string SnapshotPath = "sys/storage/raft/snapshot";

    public void Map(RouteTable routes)
    {
        routes.Map("/v1/" + SnapshotPath, RouteAccess.Unauthenticated, ("GET", Get), ("POST", Restore), ("PUT", Restore));
        routes.Map("/v1/" + SnapshotPath + "-force", RouteAccess.Unauthenticated, ("POST", RestoreForced), ("PUT", RestoreForced));
    }

    private ValueTask<SandboxResponse> Get(SandboxRequest request) => Answer(Refusal(request, SnapshotPath) ?? Snapshot());

    private ValueTask<SandboxResponse> Restore(SandboxRequest request) =>
        Answer(Refusal(request, SnapshotPath) ?? Restored(snapshots.Restore(request.Body, force: false)));

    private ValueTask<SandboxResponse> RestoreForced(SandboxRequest request) =>
        Answer(Refusal(request, SnapshotPath + "-force") ?? Restored(snapshots.Restore(request.Body, force: true)));

    private SandboxResponse Snapshot()
    {
        CoreResult<byte[]> taken = snapshots.Take();
        return taken.Value is { } archive
            ? new SandboxResponse(200, null) { Bytes = archive, ContentType = "application/gzip", ContentDisposition = "attachment" }
            : SandboxResponse.Errors(taken.Error!.Status, taken.Error.Message);
    }

    private static SandboxResponse Restored(CoreResult<RaftRestoreOutcome> outcome) =>
        outcome.Error is { } error ? SandboxResponse.Errors(error.Status, error.Message) : SandboxResponse.NoContent;

    /// <summary>503 while sealed (no token can be checked), 403 without root or sudo on the path; null when allowed.</summary>
    private SandboxResponse? Refusal(SandboxRequest request, string path)
    {
        if (core.IsSealed)
        {
            return SandboxResponse.Errors(503, "Vault is sealed");
        }

        return core.LookupToken(request.Token) is { } token && SandboxAcl.HasSudo(token, path)
            ? null
            : SandboxResponse.Errors(403, "permission denied");
    }

    private static ValueTask<SandboxResponse> Answer(SandboxResponse response) => ValueTask.FromResult(response);
}
