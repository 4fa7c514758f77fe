using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Crypto;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The snapshot file's format, shaped like Vault's (vault-api-notes §10): a gzipped tar holding meta.json (raft's
/// snapshot metadata), state.bin (here: the seal file and the state encrypted under the barrier key, as JSON),
/// SHA256SUMS (sha256sum's format, over meta.json and state.bin) and SHA256SUMS.sealed (those sums encrypted
/// under the barrier key, so a restore can tell whether the snapshot belongs to this cluster).
/// </summary>
internal static class RaftSnapshotArchive
{
    public const string MetaName = "meta.json";
    public const string StateName = "state.bin";
    public const string SumsName = "SHA256SUMS";
    public const string SealedSumsName = "SHA256SUMS.sealed";
    private const string SumsPurpose = "vault-sandbox/snapshot-sums";

    /// <summary>More than any sandbox state; a larger tar (a gzip bomb) is refused before it fills memory.</summary>
    private const long MaxUnpackedSize = 64L * 1024 * 1024;

    public static byte[] Build(BarrierView view, RaftConfiguration configuration)
    {
        byte[] state = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["seal"] = JsonNode.Parse(SandboxStore.SerializeSealFile(view.Seal)),
            ["barrier_state"] = Convert.ToBase64String(view.EncryptedState),
        }.ToJsonString());
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var servers = new JsonArray();
        foreach (RaftPeer peer in configuration.Servers)
        {
            servers.Add(new JsonObject { ["Suffrage"] = peer.Voter ? 0 : 1, ["ID"] = peer.NodeId, ["Address"] = peer.Address });
        }

        // hashicorp/raft's SnapshotMeta as Vault writes it.
        byte[] meta = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["Version"] = 1,
            ["ID"] = string.Create(CultureInfo.InvariantCulture, $"1-{configuration.Index}-{now}"),
            ["Index"] = configuration.Index,
            ["Term"] = 1,
            ["Peers"] = null,
            ["Configuration"] = new JsonObject { ["Servers"] = servers },
            ["ConfigurationIndex"] = configuration.Index,
            ["Size"] = state.Length,
        }.ToJsonString());
        byte[] sums = Sums(meta, state);
        byte[] sealedSums = BarrierCipher.Encrypt(view.BarrierKey, sums, SumsPurpose);

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach ((string name, byte[] content) in new[] { (MetaName, meta), (StateName, state), (SumsName, sums), (SealedSumsName, sealedSums) })
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(content, writable: false),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    ModificationTime = DateTimeOffset.FromUnixTimeMilliseconds(now),
                };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>Reads and checks a snapshot: gzip and tar intact, all four files there, SHA256SUMS matching them.</summary>
    /// <exception cref="RaftSnapshotException">Why it cannot be used, in words fit for the client.</exception>
    public static RaftSnapshotContent Parse(byte[] snapshot)
    {
        if (snapshot.Length == 0)
        {
            throw new RaftSnapshotException("failed to read snapshot file: the request body is empty");
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(snapshot, writable: false), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            long total = 0;
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    throw new RaftSnapshotException($"failed to read snapshot file: unexpected entry {entry.Name}");
                }

                total += entry.Length;
                if (total > MaxUnpackedSize || !files.TryAdd(entry.Name, ReadAll(entry.DataStream, entry.Length)))
                {
                    throw new RaftSnapshotException($"failed to read snapshot file: unexpected entry {entry.Name}");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            // Go's wording for a cut-off stream, Vault's prefix (hashicorp/vault#12168).
            throw new RaftSnapshotException("failed to read snapshot file: failed to read or write snapshot data: unexpected EOF", e);
        }

        foreach (string name in new[] { MetaName, StateName, SumsName, SealedSumsName })
        {
            if (!files.ContainsKey(name))
            {
                throw new RaftSnapshotException($"failed to read snapshot file: {name} is missing");
            }
        }

        if (!Sums(files[MetaName], files[StateName]).AsSpan().SequenceEqual(files[SumsName]))
        {
            throw new RaftSnapshotException("failed to read snapshot file: sha256 sums do not match the snapshot's contents");
        }

        try
        {
            JsonObject state = JsonNode.Parse(files[StateName])?.AsObject() ?? throw new RaftSnapshotException("failed to read snapshot file: state.bin is empty");
            SealFile seal = SandboxStore.ParseSealFile(Encoding.UTF8.GetBytes(state["seal"]?.ToJsonString() ?? "null"), "the snapshot's seal configuration");
            byte[] encryptedState = Convert.FromBase64String(state["barrier_state"]?.GetValue<string>() ?? string.Empty);
            return new RaftSnapshotContent(seal, encryptedState, files[SumsName], files[SealedSumsName]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new RaftSnapshotException("failed to read snapshot file: state.bin is not a sandbox state", e);
        }
    }

    /// <summary>Whether the sealed sums open with <paramref name="barrierKey"/> and equal the plain ones.</summary>
    public static bool SealedBy(RaftSnapshotContent content, byte[] barrierKey) =>
        BarrierCipher.TryDecrypt(barrierKey, content.SealedSums, SumsPurpose) is { } opened && opened.AsSpan().SequenceEqual(content.Sums);

    private static byte[] Sums(byte[] meta, byte[] state) => Encoding.ASCII.GetBytes(
        $"{Convert.ToHexString(SHA256.HashData(meta)).ToLowerInvariant()}  {MetaName}\n{Convert.ToHexString(SHA256.HashData(state)).ToLowerInvariant()}  {StateName}\n");

    private static byte[] ReadAll(Stream data, long length)
    {
        var buffer = new byte[length];
        data.ReadExactly(buffer);
        return buffer;
    }
}
