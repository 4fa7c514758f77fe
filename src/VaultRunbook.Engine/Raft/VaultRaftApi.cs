using System.Security.Cryptography;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Raft;

/// <summary>
/// Integrated storage (vault-api-notes section 10): GET sys/storage/raft/snapshot streamed to a file, POST
/// sys/storage/raft/snapshot (or snapshot-force) streamed from one, and GET sys/storage/raft/configuration. Root
/// namespace only; a sealed node answers 503 (<c>VaultRunbook.Vault.Sealed</c>).
/// </summary>
public static class VaultRaftApi
{
    /// <summary>The prefix of the snapshot file's <see cref="FileChecks"/> errors (IsDirectory, NotFound, Unreadable).</summary>
    public const string FileErrorPrefix = "VaultRunbook.Raft.SnapshotFile";

    private const string FileWhat = "the snapshot file";
    private const string SnapshotPath = "sys/storage/raft/snapshot";

    /// <summary>
    /// Streams a snapshot into a temp file beside <paramref name="path"/> (owner-only), checks it is a gzip stream,
    /// then renames it into place. An existing file is refused unless <paramref name="overwrite"/>; a failure leaves
    /// no file behind.
    /// </summary>
    public static async Task<RaftSnapshotFile> SaveSnapshotAsync(this IVaultClient client, string path, bool overwrite, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        FileChecks.NotADirectory(full, FileErrorPrefix, FileWhat);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new ConfigurationException("VaultRunbook.Raft.SnapshotFolderNotFound", $"The folder of the snapshot file '{full}' does not exist.") { Target = full };
        }

        if (!overwrite && File.Exists(full))
        {
            throw Exists(full);
        }

        var address = client.Settings.AddressText;
        try
        {
            return await FilePermissions.WriteAtomicAsync(full, ownerOnly: true, overwrite, async file =>
            {
                long length = 0;
                byte[] hash = [];
                var response = await client.SendAsync(
                    new VaultRequest
                    {
                        Method = "GET",
                        Path = SnapshotPath,
                        UseNamespace = false,
                        Idempotent = true,
                        AcceptNonJson = true,
                        ResponseSink = async (stream, ct) =>
                        {
                            // Each attempt starts the file over.
                            file.SetLength(0);
                            file.Position = 0;
                            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                            var buffer = new byte[81920];
                            int read;
                            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                            {
                                sha.AppendData(buffer, 0, read);
                                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                            }

                            length = file.Length;
                            hash = sha.GetHashAndReset();
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
                if (!response.Streamed || !StartsLikeGzip(file))
                {
                    throw new VaultInvalidResponseException(address, SnapshotPath, (int)response.StatusCode,
                        response.Streamed ? $"{length} bytes that are not a gzip stream" : "JSON instead of a snapshot");
                }

                return new RaftSnapshotFile(full, length, Convert.ToHexString(hash).ToLowerInvariant(), response.Address, DateTimeOffset.UtcNow);
            }).ConfigureAwait(false);
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            throw Exists(full); // created by someone else while the snapshot streamed: theirs is kept
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ConfigurationException("VaultRunbook.Raft.SnapshotFileUnwritable", $"The snapshot file '{full}' cannot be written: {ex.Message}", ex) { Target = full };
        }
        catch (IOException ex)
        {
            throw new VaultOperationException("VaultRunbook.Raft.SnapshotWriteFailed", ErrorKind.ResourceUnavailable,
                $"The snapshot of {address} could not be written to '{full}' ({ex.Message}); no file was left behind.", address);
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a readable, non-empty gzip file, then streams it to sys/storage/raft/snapshot
    /// (snapshot-force when <paramref name="force"/>: the barrier-key check is skipped). Sent once, never retried.
    /// Another cluster's snapshot without force is <c>VaultRunbook.Raft.SnapshotKeysMismatch</c>.
    /// </summary>
    public static async Task<RaftSnapshotRestore> RestoreSnapshotAsync(this IVaultClient client, string path, bool force, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var (length, sha256) = await CheckSnapshotFileAsync(full, cancellationToken).ConfigureAwait(false);
        var apiPath = force ? SnapshotPath + "-force" : SnapshotPath;
        VaultResponse response;
        try
        {
            response = await client.SendAsync(
                new VaultRequest
                {
                    Method = "POST",
                    Path = apiPath,
                    UseNamespace = false,
                    RawBody = () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when ((int)ex.StatusCode == 400 && ex.Mentions("different set of unseal keys"))
        {
            throw new VaultOperationException(
                "VaultRunbook.Raft.SnapshotKeysMismatch",
                ErrorKind.InvalidData,
                $"Vault at {ex.Address} refused the snapshot '{full}': it was not taken with this cluster's keys (another cluster, or a rekey since). "
                + "Nothing was restored. -Force restores it anyway; the node then needs the unseal keys of the cluster that took it.",
                ex.Address);
        }

        bool? sealedAfter = null;
        try
        {
            sealedAfter = (await client.GetSealStatusAsync(cancellationToken).ConfigureAwait(false)).Sealed;
        }
        catch (EngineException)
        {
            // The restore succeeded; its seal state is only a courtesy.
        }

        return new RaftSnapshotRestore(response.Address, full, length, sha256, force, sealedAfter, DateTimeOffset.UtcNow);
    }

    /// <summary>The node's raft configuration, one record per server.</summary>
    public static async Task<IReadOnlyList<VaultRaftPeer>> GetRaftConfigurationAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        const string path = "sys/storage/raft/configuration";
        var response = await client.SendAsync(
            new VaultRequest { Method = "GET", Path = path, UseNamespace = false, Idempotent = true },
            cancellationToken).ConfigureAwait(false);
        if (response.Body is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
            || !config.TryGetProperty("servers", out var servers) || servers.ValueKind != JsonValueKind.Array)
        {
            throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "a body without data.config.servers");
        }

        var index = JsonFields.Int64(config, "index") ?? 0;
        return servers.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object)
            .Select(s => new VaultRaftPeer(
                response.Address,
                JsonFields.String(s, "node_id") ?? string.Empty,
                JsonFields.String(s, "address") ?? string.Empty,
                JsonFields.Bool(s, "leader") ?? false,
                JsonFields.Bool(s, "voter") ?? false,
                ProtocolVersion(s),
                index))
            .ToArray();
    }

    // Current servers send "3"; old ones sent the raw byte ("\u0003", as the documented body still shows).
    private static string ProtocolVersion(JsonElement server) => JsonFields.String(server, "protocol_version") switch
    {
        [var c] when c < ' ' => ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture),
        var other => other ?? string.Empty,
    };

    private static async Task<(long Length, string Sha256)> CheckSnapshotFileAsync(string full, CancellationToken cancellationToken)
    {
        FileChecks.CheckReadable(full, FileErrorPrefix, FileWhat);
        try
        {
            await using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            if (file.Length == 0)
            {
                throw Invalid("VaultRunbook.Raft.SnapshotEmpty", $"The snapshot file '{full}' is empty. Nothing was sent.", full);
            }

            if (!StartsLikeGzip(file))
            {
                throw Invalid("VaultRunbook.Raft.SnapshotInvalid", $"The snapshot file '{full}' is not a Vault raft snapshot (a gzipped tar). Nothing was sent.", full);
            }

            file.Position = 0;
            var hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return (file.Length, Convert.ToHexString(hash).ToLowerInvariant());
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(full, FileErrorPrefix, FileWhat, ex);
        }
    }

    private static bool StartsLikeGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        file.Position = 0;
        var ok = file.Length >= 2 && file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = file.Length;
        return ok;
    }

    private static ConfigurationException Exists(string full) => new(
        "VaultRunbook.Raft.SnapshotExists",
        $"The snapshot file '{full}' already exists; it was left as it is. Give another path, or -Force to replace it.") { Target = full };

    private static ConfigurationException Invalid(string errorId, string message, string full) => new(errorId, message) { Target = full };
}
