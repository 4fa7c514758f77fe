using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Testing;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// Issue 16 item 2: a write whose answer is lost is found out before it is reported. A scripted KV v2 peer stores
/// each write and then fails the answer the way the field saw it (a 500, no answer in time), or fails the reads.
/// </summary>
public sealed class WriteOutcomeTests
{
    private static readonly KvLocation App = new("secret", "app", 2);

    private static VaultHttpClient ClientFor(FixturePeer peer, double timeoutSeconds = 5) => new(new VaultConnectionSettings
    {
        Address = new Uri(peer.Address),
        Token = new SensitiveString("hvs.test"),
        RetryDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    });

    private static KvWriteReconciler FastReconciler(IVaultClient client) => new(client, rounds: 3, firstDelay: TimeSpan.FromMilliseconds(20));

    private static Task<SecretRotation> RotateAsync(IVaultClient client) =>
        new SecretRotator(client, reconciler: FastReconciler(client)).RotateAsync(App, new RotationPlan { Generate = ["password"] }, CancellationToken.None);

    [Fact]
    public async Task A_stored_write_answered_500_is_reported_rotated_once()
    {
        var kv = new ScriptedKv { FailWriteAnswer = _ => new PeerAnswer(500, "{\"errors\":[\"internal error\"]}") };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var rotation = await RotateAsync(client);

        Assert.Equal(2, rotation.NewVersion);
        Assert.True(rotation.Reconciled);
        Assert.Equal(2, kv.CurrentVersion);
        Assert.Single(peer.Requests, r => r.Method == "POST"); // never written twice
    }

    [Fact]
    public async Task A_stored_write_with_no_answer_in_time_is_reported_rotated()
    {
        var kv = new ScriptedKv
        {
            FailWriteAnswer = _ =>
            {
                Thread.Sleep(TimeSpan.FromSeconds(2.5)); // past the client's 1 s timeout; the write is already stored
                return new PeerAnswer(200, "{}");
            },
        };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer, timeoutSeconds: 1);

        var rotation = await RotateAsync(client);

        Assert.Equal(2, rotation.NewVersion);
        Assert.True(rotation.Reconciled);
        Assert.Single(peer.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_write_that_lands_after_the_client_gave_up_is_found_not_called_not_written()
    {
        ScriptedKv? kv = null;
        kv = new ScriptedKv
        {
            FailWriteAnswer = request =>
            {
                // Vault is still working on the write when the client times out (1 s): it shows 1.5 s after arriving.
                kv!.CurrentVersion--;
                _ = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(shown => kv.CurrentVersion++, TaskScheduler.Default);
                Thread.Sleep(TimeSpan.FromSeconds(2.5));
                return new PeerAnswer(200, "{}");
            },
        };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer, timeoutSeconds: 1);
        var patient = new KvWriteReconciler(client, rounds: 4, firstDelay: TimeSpan.FromMilliseconds(300));

        var rotation = await new SecretRotator(client, reconciler: patient).RotateAsync(App, new RotationPlan { Generate = ["password"] }, CancellationToken.None);

        Assert.Equal(2, rotation.NewVersion);
        Assert.True(rotation.Reconciled);
    }

    [Fact]
    public async Task A_timed_out_write_that_never_shows_is_unknown_not_safe_to_retry()
    {
        ScriptedKv? kv = null;
        kv = new ScriptedKv
        {
            FailWriteAnswer = _ =>
            {
                kv!.CurrentVersion--; // not visible (yet): the request may still be in flight
                Thread.Sleep(TimeSpan.FromSeconds(2.5));
                return new PeerAnswer(200, "{}");
            },
        };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer, timeoutSeconds: 1);

        var ex = await Assert.ThrowsAsync<KvException>(() => RotateAsync(client));

        Assert.Equal("VaultRunbook.Rotation.OutcomeUnknown", ex.ErrorId);
        Assert.Contains("in flight", ex.Message);
        Assert.Contains("Check version 2", ex.Message);
    }

    [Fact]
    public async Task A_write_that_failed_before_storing_is_not_written()
    {
        var kv = new ScriptedKv { RejectWrite = true };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => RotateAsync(client));

        Assert.Equal("VaultRunbook.Rotation.NotWritten", ex.ErrorId);
        Assert.Contains("safe to try again", ex.Message);
        Assert.Equal(1, kv.CurrentVersion);
    }

    [Fact]
    public async Task A_version_written_by_someone_else_is_not_taken_for_ours()
    {
        // The answer is lost, and version 2 exists, but with other values: another writer got there (ours failed CAS).
        var kv = new ScriptedKv { RejectWrite = true };
        kv.Store(new JsonObject { ["password"] = "someone-else" });
        kv.CurrentVersion = 1; // the rotation reads version 1 ...
        kv.AfterRead = () => kv.CurrentVersion = 2; // ... then the other write lands before ours
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => RotateAsync(client));

        Assert.Equal("VaultRunbook.Rotation.NotWritten", ex.ErrorId);
        Assert.Contains("another writer", ex.Message);
    }

    [Fact]
    public async Task Vault_staying_unreachable_is_outcome_unknown_with_the_version_to_check()
    {
        var kv = new ScriptedKv { FailWriteAnswer = _ => new PeerAnswer(500, "{\"errors\":[]}"), FailEverythingAfterWrite = true };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => RotateAsync(client));

        Assert.Equal("VaultRunbook.Rotation.OutcomeUnknown", ex.ErrorId);
        Assert.Contains("Check version 2", ex.Message);
        Assert.Single(peer.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_metadata_read_failing_after_an_answered_write_does_not_fail_the_rotation()
    {
        // The field's "answered 500 to GET .../metadata/app": the write was answered, only the check after it failed.
        var kv = new ScriptedKv { FailMetadata = true };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var rotation = await RotateAsync(client);

        Assert.Equal(2, rotation.NewVersion);
        Assert.False(rotation.Verified);
        Assert.False(rotation.Reconciled);
    }

    [Fact]
    public async Task A_lost_patch_answer_is_confirmed_by_the_patched_fields_hashes()
    {
        var kv = new ScriptedKv { FailWriteAnswer = _ => new PeerAnswer(502, "<html>bad gateway</html>", "text/html") };
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);
        var values = new Dictionary<string, SensitiveValue> { ["password"] = new(JsonValue.Create("patched-value")), ["port"] = new(JsonValue.Create(5432)) };

        var written = await new KvSecretStore(client, FastReconciler(client)).WriteAsync(App, values, cas: null, patch: true, CancellationToken.None);

        Assert.Equal(2, written.Version);
        Assert.Equal(1, written.PreviousVersion);
        Assert.True(written.Reconciled);
        Assert.Equal(["password", "port"], written.Fields);
        Assert.Single(peer.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task A_rollback_whose_answer_is_lost_is_reported_once_written()
    {
        var kv = new ScriptedKv { FailWriteAnswer = _ => new PeerAnswer(503, "{\"errors\":[\"no active Vault instance found\"]}") };
        kv.Store(new JsonObject { ["password"] = "new", ["user"] = "app" });
        kv.CurrentVersion = 2;
        using var peer = new FixturePeer(kv.Answer);
        using var client = ClientFor(peer);

        var rollback = await new SecretRotator(client, reconciler: FastReconciler(client)).RollbackAsync(App, null, 2, CancellationToken.None);

        Assert.Equal((3, 1), (rollback.NewVersion, rollback.RestoredFromVersion));
        Assert.True(rollback.Reconciled);
        Assert.Single(peer.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void Hashes_ignore_key_order_and_tell_values_apart()
    {
        Assert.Equal(FieldHash.Of(JsonNode.Parse("{\"b\":1,\"a\":[true,\"x\"]}")), FieldHash.Of(JsonNode.Parse("{\"a\":[true,\"x\"],\"b\":1}")));
        Assert.NotEqual(FieldHash.Of(JsonValue.Create("1")), FieldHash.Of(JsonValue.Create(1)));
        Assert.True(FieldHash.Matches(new JsonObject { ["a"] = "x" }, new Dictionary<string, string?> { ["a"] = FieldHash.Of(JsonValue.Create("x")), ["gone"] = null }));
        Assert.DoesNotContain("x", new SensitiveValue(JsonValue.Create("x")).ToString());
    }

    [Fact]
    public void A_merge_patch_is_expected_field_by_field_in_nested_objects()
    {
        var stored = JsonNode.Parse("{\"m\":{\"a\":1,\"b\":2},\"k\":\"v\"}")!.AsObject();
        var patch = JsonNode.Parse("{\"m\":{\"a\":1,\"gone\":null}}")!.AsObject();

        Assert.True(FieldHash.Matches(stored, KvWriteReconciler.ExpectedHashes(patch, mergePatch: true)));
        Assert.False(FieldHash.Matches(stored, KvWriteReconciler.ExpectedHashes(patch))); // as a put, m would be exactly {a:1}
        Assert.False(FieldHash.Matches(stored, KvWriteReconciler.ExpectedHashes(JsonNode.Parse("{\"m\":{\"a\":2}}")!.AsObject(), mergePatch: true)));
    }

    /// <summary>A KV v2 secret secret/app behind Vault's HTTP shapes, with knobs for how the write's answer fails.</summary>
    private sealed class ScriptedKv
    {
        private readonly object _gate = new();
        private readonly Dictionary<int, JsonObject> _versions = new() { [1] = new JsonObject { ["password"] = "old", ["user"] = "app" } };
        private bool _written;

        public int CurrentVersion { get; set; } = 1;

        /// <summary>Stores the write, then answers with this instead of the real answer.</summary>
        public Func<RecordedRequest, PeerAnswer>? FailWriteAnswer { get; init; }

        /// <summary>Answers the write 500 without storing it.</summary>
        public bool RejectWrite { get; init; }

        public bool FailEverythingAfterWrite { get; init; }

        public bool FailMetadata { get; init; }

        public Action? AfterRead { get; set; }

        public void Store(JsonObject data)
        {
            lock (_gate)
            {
                _versions[_versions.Keys.Max() + 1] = data;
            }
        }

        public PeerAnswer Answer(RecordedRequest request)
        {
            var path = request.AbsolutePath;
            if (path.StartsWith("/v1/sys/internal/ui/mounts/", StringComparison.Ordinal))
            {
                return new PeerAnswer(200, "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}");
            }

            if (_written && FailEverythingAfterWrite)
            {
                return new PeerAnswer(500, "{\"errors\":[\"internal error\"]}");
            }

            if (path == "/v1/secret/metadata/app")
            {
                return FailMetadata ? new PeerAnswer(500, "{\"errors\":[\"internal error\"]}") : new PeerAnswer(200, Metadata());
            }

            if (path == "/v1/secret/data/app" && request.Method == "GET")
            {
                var version = request.PathAndQuery.Contains("version=") ? int.Parse(request.PathAndQuery.Split("version=")[1]) : CurrentVersion;
                var answer = Read(version);
                AfterRead?.Invoke();
                AfterRead = null;
                return answer;
            }

            if (path == "/v1/secret/data/app" && request.Method is "POST" or "PATCH")
            {
                if (RejectWrite)
                {
                    _written = true;
                    return new PeerAnswer(500, "{\"errors\":[\"internal error\"]}");
                }

                var body = JsonNode.Parse(request.Body)!;
                var cas = body["options"]?["cas"]?.GetValue<int>();
                lock (_gate)
                {
                    if (cas is { } c && c != CurrentVersion)
                    {
                        return new PeerAnswer(400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
                    }

                    var data = (JsonObject)body["data"]!.DeepClone();
                    if (request.Method == "PATCH")
                    {
                        var merged = (JsonObject)_versions[CurrentVersion].DeepClone();
                        foreach (var (name, value) in data)
                        {
                            merged[name] = value?.DeepClone();
                        }

                        data = merged;
                    }

                    CurrentVersion++;
                    _versions[CurrentVersion] = data;
                    _written = true;
                }

                return FailWriteAnswer?.Invoke(request)
                    ?? new PeerAnswer(200, $"{{\"data\":{{\"version\":{CurrentVersion},\"created_time\":\"2026-01-01T00:00:00Z\",\"deletion_time\":\"\",\"destroyed\":false}}}}");
            }

            return new PeerAnswer(404, "{\"errors\":[]}");
        }

        private PeerAnswer Read(int version)
        {
            lock (_gate)
            {
                if (!_versions.TryGetValue(version, out var data))
                {
                    return new PeerAnswer(404, "{\"errors\":[]}");
                }

                var body = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["data"] = data.DeepClone(),
                        ["metadata"] = new JsonObject { ["version"] = version, ["created_time"] = "2026-01-01T00:00:00Z", ["deletion_time"] = "", ["destroyed"] = false },
                    },
                };
                return new PeerAnswer(200, body.ToJsonString());
            }
        }

        private string Metadata()
        {
            lock (_gate)
            {
                var versions = new JsonObject();
                foreach (var number in _versions.Keys.Where(v => v <= CurrentVersion))
                {
                    versions[number.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["created_time"] = "2026-01-01T00:00:00Z", ["deletion_time"] = "", ["destroyed"] = false };
                }

                return new JsonObject { ["data"] = new JsonObject { ["current_version"] = CurrentVersion, ["oldest_version"] = 0, ["versions"] = versions } }.ToJsonString();
            }
        }
    }
}
