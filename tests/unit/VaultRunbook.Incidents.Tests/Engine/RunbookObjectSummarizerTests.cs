using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Kubernetes;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Signing;
using VaultRunbook.Engine.Vault;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Engine;

public sealed class RunbookObjectSummarizerTests
{
    // Shapes of real credentials, none of them valid anywhere.
    public const string VaultToken = "hvs.CAESIJ8nQ2xkZmFrZXRva2VuZm9ydGVzdHMxMjM0NTY3OA";
    public const string LegacyToken = "s.AbCdEfGhIjKlMnOpQrStUvWx12";
    public const string HuggingFace = "hf_AbCdEfGhIjKlMnOpQrStUv";
    public const string AwsKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

    private static readonly DateTimeOffset At = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);

    private static void HoldsNoSecret(RunbookObjectSummary summary, params string[] secrets)
    {
        var everything = summary.Summary + "\n" + string.Join("\n", summary.Properties.Select(p => p.Key + "=" + p.Value));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_sealed_node_is_critical_and_keeps_its_address_and_status()
    {
        var summary = RunbookObjectSummarizer.Summarize(new VaultHealth { Address = "https://vault-2:8200", Status = VaultNodeStatus.Sealed, Sealed = true, Version = "1.18.1" });

        Assert.Equal("VaultHealth", summary.Kind);
        Assert.Equal(SummarySeverity.Critical, summary.Severity);
        Assert.Equal("https://vault-2:8200 is Sealed (v1.18.1)", summary.Summary);
        Assert.Equal("true", summary.Properties["Sealed"]);
        Assert.Equal("false", summary.Properties["IsHealthy"]);
    }

    [Fact]
    public void An_active_node_is_info()
    {
        var summary = RunbookObjectSummarizer.Summarize(new VaultHealth { Address = "https://vault-1:8200", Status = VaultNodeStatus.Active, Sealed = false });

        Assert.Equal(SummarySeverity.Info, summary.Severity);
        Assert.Equal("https://vault-1:8200 is Active", summary.Summary);
    }

    [Fact]
    public void A_rotation_names_the_fields_and_versions_never_a_value()
    {
        var summary = RunbookObjectSummarizer.Summarize(new SecretRotation
        {
            Mount = "secret", Path = "app/database", PreviousVersion = 3, NewVersion = 4, RotatedFields = ["pg_password"], RotatedAt = At, Address = "https://vault-1:8200",
        });

        Assert.Equal("SecretRotation", summary.Kind);
        Assert.Equal("Rotated secret/app/database v3 -> v4 (pg_password)", summary.Summary);
        Assert.Equal("pg_password", summary.Properties["RotatedFields"]);
        Assert.Equal("2026-12-05T14:00:00.000Z", summary.Properties["RotatedAt"]);
    }

    [Fact]
    public void The_kill_switch_on_is_a_warning_and_its_reason_is_scrubbed()
    {
        var stored = RolloutState.Initial with { KillSwitch = true, Reason = $"vault 503s, tried {VaultToken}", UpdatedBy = "alice@ops" };
        var summary = RunbookObjectSummarizer.Summarize(new EffectiveRollout
        {
            Stored = stored, Mode = SecretSourceMode.Env, CanaryPercent = 0, KillSwitch = true, EmergencyFallback = false, Store = "/etc/app/rollout.json",
        });

        Assert.Equal("Rollout", summary.Kind);
        Assert.Equal(SummarySeverity.Warning, summary.Severity);
        Assert.Contains("kill switch on", summary.Summary, StringComparison.Ordinal);
        Assert.Equal("true", summary.Properties["KillSwitch"]);
        Assert.Equal("vault 503s, tried [redacted]", summary.Properties["Reason"]);
        HoldsNoSecret(summary, VaultToken);
    }

    [Fact]
    public void A_fallback_signature_is_a_warning_and_leaves_out_the_signature()
    {
        var summary = RunbookObjectSummarizer.Summarize(new SignatureRecord
        {
            Signature = "fallback:v2:MEUCIQDsig", KeyName = "release", KeyVersion = 2, SigningMode = SigningMode.Fallback, Attempts = 3, SignedAt = At,
            InputDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Mount = "transit", Address = "https://vault-1:8200",
            FallbackKeyId = "fb-1234", FallbackReason = "Vault answered 503",
        });

        Assert.Equal("Signature", summary.Kind);
        Assert.Equal(SummarySeverity.Warning, summary.Severity);
        Assert.Equal("Signed sha256:9f86d081884c with the fallback key v2 (Vault answered 503)", summary.Summary);
        Assert.Equal("Fallback", summary.Properties["SigningMode"]);
        Assert.DoesNotContain("Signature", summary.Properties.Keys);
        HoldsNoSecret(summary, "MEUCIQDsig");
    }

    [Fact]
    public void A_vault_signature_is_info()
    {
        var summary = RunbookObjectSummarizer.Summarize(new SignatureRecord
        {
            Signature = "vault:v1:abc", KeyName = "release", KeyVersion = 1, SigningMode = SigningMode.Vault, Attempts = 1, SignedAt = At,
            InputDigest = "ab", Mount = "transit", Address = "https://vault-1:8200",
        });

        Assert.Equal(SummarySeverity.Info, summary.Severity);
        Assert.Equal("Signed sha256:ab by Vault with transit/release v1", summary.Summary);
    }

    [Fact]
    public void A_workload_restart_names_namespace_and_name()
    {
        var summary = RunbookObjectSummarizer.Summarize(new K8sWorkloadChange
        {
            Namespace = "app", Name = "api", Kind = WorkloadKind.Deployment, Action = "Restart", Revision = 2, RolloutComplete = false,
            Message = "restarted", Server = "https://127.0.0.1:6443",
        });

        Assert.Equal("K8sWorkloadChange", summary.Kind);
        Assert.Equal(SummarySeverity.Warning, summary.Severity);
        Assert.Equal("Restart Deployment app/api: restarted", summary.Summary);
        Assert.Equal("Deployment", summary.Properties["WorkloadKind"]);
    }

    [Fact]
    public void A_failed_action_record_is_an_error_and_its_message_is_scrubbed()
    {
        var summary = RunbookObjectSummarizer.Summarize(ActionRecord.Now("Unseal", "https://vault-2:8200", "Failed") with
        {
            ErrorId = "VaultRunbook.Unseal.KeyRejected", Message = $"rejected with {LegacyToken}",
        });

        Assert.Equal("ActionRecord", summary.Kind);
        Assert.Equal(SummarySeverity.Error, summary.Severity);
        Assert.Equal("Unseal https://vault-2:8200 -> Failed: VaultRunbook.Unseal.KeyRejected", summary.Summary);
        Assert.Equal("rejected with [redacted]", summary.Properties["Message"]);
        HoldsNoSecret(summary, LegacyToken);
    }

    [Fact]
    public void An_error_keeps_id_category_and_message_with_a_planted_token_scrubbed()
    {
        var summary = RunbookObjectSummarizer.Summarize(new PipedError("VaultRunbook.Health.Unhealthy", "ResourceUnavailable", $"login with {VaultToken} failed"));

        Assert.Equal("Error", summary.Kind);
        Assert.Equal(SummarySeverity.Error, summary.Severity);
        Assert.Equal("VaultRunbook.Health.Unhealthy (ResourceUnavailable): login with [redacted] failed", summary.Summary);
        Assert.Equal("login with [redacted] failed", summary.Properties["Message"]);
        HoldsNoSecret(summary, VaultToken);
    }

    [Fact]
    public void An_unknown_object_keeps_its_harmless_scalars_and_loses_secret_names_and_token_values()
    {
        var summary = RunbookObjectSummarizer.Summarize(new PipedObject("Deployment", [
            new("Name", "api"),
            new("Replicas", 3),
            new("Note", VaultToken),
            new("Comment", $"see {HuggingFace}"),
            new("ClientToken", "plain-looking-but-named-token"),
            new("UnsealKey", "abc"),
            new("Password", "hunter2"),
            new("Otp", "123456"),
            new("Nonce", "0d1f"),
            new("KeyShare", "share"),
            new("AccessKeyId", AwsKeyId),
            new("Description", "fine " + AwsKeyId),
            new("Cert", Pem),
            new("Blob", Pem),
            new("Nested", new[] { 1, 2 }),
        ]));

        Assert.Equal("Deployment", summary.Kind);
        Assert.Equal(["Name", "Replicas"], summary.Properties.Keys.Order());
        Assert.Equal("Name=api, Replicas=3", summary.Summary);
        HoldsNoSecret(summary, VaultToken, HuggingFace, "plain-looking-but-named-token", "hunter2", "123456", AwsKeyId, "BEGIN PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    }

    private sealed class Unknown
    {
        public string Name { get; } = "worker";

        public string Token { get; } = VaultToken;

        public string Label { get; } = "prefix " + VaultToken;

        public DateTimeOffset When { get; } = At;

        public IReadOnlyList<string> Items { get; } = ["a"];
    }

    [Fact]
    public void A_plain_dotnet_object_is_read_by_its_public_scalar_properties_with_the_same_rules()
    {
        var summary = RunbookObjectSummarizer.Summarize(new Unknown());

        Assert.Equal("Unknown", summary.Kind);
        Assert.Equal(["Name", "When"], summary.Properties.Keys.Order());
        Assert.Equal("2026-12-05T14:00:00.000Z", summary.Properties["When"]);
        HoldsNoSecret(summary, VaultToken);
    }

    [Theory]
    [InlineData(VaultToken)]
    [InlineData("hvb.AAAAAQKxyzxyzxyzxyz")]
    [InlineData("hvr.abcdefghijklmnop")]
    [InlineData(LegacyToken)]
    [InlineData(HuggingFace)]
    [InlineData(AwsKeyId)]
    [InlineData(Pem)]
    public void Free_text_loses_every_token_shape(string secret)
    {
        var scrubbed = SecretScrubber.Scrub($"before {secret} after");

        Assert.Equal("before [redacted] after", scrubbed);
        Assert.True(SecretScrubber.ContainsSecret(secret));
    }

    [Theory]
    [InlineData("https://vault-1:8200 is Sealed")]
    [InlineData("secret/app/database v3 -> v4")]
    [InlineData("s.short")]
    [InlineData("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void Ordinary_text_is_left_alone(string text)
    {
        Assert.False(SecretScrubber.ContainsSecret(text));
        Assert.Equal(text, SecretScrubber.Scrub(text));
    }
}
