using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Engine;

public sealed class IncidentChecklistTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Opened.AddHours(2);

    private static RunbookIncident Incident(int? mitigatedAfterMinutes = 30) => new()
    {
        Id = "INC-20261205-abcdef", Title = "t", Severity = 2, OpenedAt = Opened, RespondBy = Opened.AddHours(1),
        MitigatedAt = mitigatedAfterMinutes is { } m ? Opened.AddMinutes(m) : null,
    };

    private static ActionRecord At(int minutes, string action, string outcome, string address = "https://vault-1:8200") =>
        ActionRecord.Now(action, address, outcome) with { Time = Opened.AddMinutes(minutes) };

    private static ActionRecord Fallback(int minutes) => At(minutes, "Sign", "Signed") with { SigningMode = "Fallback", Subject = "transit/release", KeyVersion = 1 };

    private static EffectiveRollout Rollout(bool killSwitch) => new()
    {
        Stored = RolloutState.Initial with { KillSwitch = killSwitch }, Mode = SecretSourceMode.Env, CanaryPercent = 0, KillSwitch = killSwitch, EmergencyFallback = false, Store = "/tmp/rollout.json",
    };

    private static Dictionary<string, IncidentChecklistItem> Check(IReadOnlyList<ActionRecord> journal, RunbookIncident? incident = null, EffectiveRollout? rollout = null, IReadOnlyList<VaultHealth>? health = null) =>
        IncidentChecklist.Check(incident ?? Incident(), new IncidentChecklistEvidence { Journal = journal, JournalPath = "actions.jsonl", Rollout = rollout, RolloutProblem = rollout is null ? "no file" : null, Health = health }, Now)
            .ToDictionary(i => i.Name);

    [Fact]
    public void Fallback_signatures_without_a_rotation_fail_and_a_rotation_after_the_last_one_passes()
    {
        Assert.Equal(ChecklistOutcome.Failed, Check([Fallback(10)])[IncidentChecklist.FallbackKeyRotated].Outcome);

        var rotated = Check([Fallback(10), At(40, "UpdateFallbackSigningKey", "Written", "local") with { KeyVersion = 2 }])[IncidentChecklist.FallbackKeyRotated];
        Assert.Equal(ChecklistOutcome.Passed, rotated.Outcome);
        Assert.Contains("to v2", rotated.Evidence, StringComparison.Ordinal);

        var usedAgain = Check([Fallback(10), At(20, "UpdateFallbackSigningKey", "Written", "local"), Fallback(25)])[IncidentChecklist.FallbackKeyRotated];
        Assert.Equal(ChecklistOutcome.Failed, usedAgain.Outcome);
    }

    [Fact]
    public void A_rotation_before_the_incident_does_not_count()
    {
        var before = At(-30, "UpdateFallbackSigningKey", "Written", "local");

        Assert.Equal(ChecklistOutcome.Failed, Check([before, Fallback(10)])[IncidentChecklist.FallbackKeyRotated].Outcome);
    }

    [Fact]
    public void A_fallback_signature_after_recovery_fails_one_before_it_does_not()
    {
        Assert.Equal(ChecklistOutcome.Passed, Check([Fallback(10)])[IncidentChecklist.NoFallbackSignatures].Outcome);

        var after = Check([Fallback(10), Fallback(45)])[IncidentChecklist.NoFallbackSignatures];
        Assert.Equal(ChecklistOutcome.Failed, after.Outcome);
        Assert.Contains("1 fallback signature(s) since recovery at 2026-12-05 14:30:00Z", after.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_milestone_the_recovery_time_is_unknown()
    {
        Assert.Equal(ChecklistOutcome.Unknown, Check([], Incident(mitigatedAfterMinutes: null))[IncidentChecklist.NoFallbackSignatures].Outcome);
    }

    [Fact]
    public void The_kill_switch_is_read_from_the_rollout_state()
    {
        Assert.Equal(ChecklistOutcome.Passed, Check([], rollout: Rollout(false))[IncidentChecklist.KillSwitchOff].Outcome);
        Assert.Equal(ChecklistOutcome.Failed, Check([], rollout: Rollout(true))[IncidentChecklist.KillSwitchOff].Outcome);
        Assert.Equal(ChecklistOutcome.Unknown, Check([])[IncidentChecklist.KillSwitchOff].Outcome);
    }

    [Fact]
    public void Health_passes_only_when_every_node_serves()
    {
        var active = new VaultHealth { Address = "https://vault-1:8200", Status = VaultNodeStatus.Active };
        var sealedNode = new VaultHealth { Address = "https://vault-2:8200", Status = VaultNodeStatus.Sealed };

        Assert.Equal(ChecklistOutcome.Passed, Check([], health: [active])[IncidentChecklist.VaultHealthy].Outcome);
        var failed = Check([], health: [active, sealedNode])[IncidentChecklist.VaultHealthy];
        Assert.Equal(ChecklistOutcome.Failed, failed.Outcome);
        Assert.Equal("https://vault-1:8200 Active, https://vault-2:8200 Sealed", failed.Evidence);
        Assert.Equal(ChecklistOutcome.Unknown, Check([])[IncidentChecklist.VaultHealthy].Outcome);
    }

    [Fact]
    public void Health_fails_when_the_nodes_checked_are_standbys_with_no_active_node_among_them()
    {
        var active = new VaultHealth { Address = "https://vault-1:8200", Status = VaultNodeStatus.Active };
        var standby = new VaultHealth { Address = "https://vault-2:8200", Status = VaultNodeStatus.Standby };

        Assert.Equal(ChecklistOutcome.Passed, Check([], health: [active, standby])[IncidentChecklist.VaultHealthy].Outcome);
        var leaderless = Check([], health: [standby])[IncidentChecklist.VaultHealthy];
        Assert.Equal(ChecklistOutcome.Failed, leaderless.Outcome);
        Assert.Equal("https://vault-2:8200 Standby; no active node among them", leaderless.Evidence);
    }

    [Fact]
    public void A_root_token_generated_during_the_incident_needs_a_later_revocation_on_that_node()
    {
        var generated = At(20, "RootTokenGenerationUpdate", "Complete");

        Assert.Equal(ChecklistOutcome.Passed, Check([])[IncidentChecklist.RootTokenRevoked].Outcome);
        Assert.Equal(ChecklistOutcome.Unknown, Check([generated])[IncidentChecklist.RootTokenRevoked].Outcome);
        Assert.Equal(ChecklistOutcome.Unknown, Check([generated, At(50, "RevokeToken", "Revoked", "https://vault-2:8200")])[IncidentChecklist.RootTokenRevoked].Outcome);
        Assert.Equal(ChecklistOutcome.Unknown, Check([At(10, "RevokeToken", "Revoked"), generated])[IncidentChecklist.RootTokenRevoked].Outcome);

        var revoked = Check([generated, At(50, "RevokeToken", "Revoked") with { Subject = "root (accessor abc)" }])[IncidentChecklist.RootTokenRevoked];
        Assert.Equal(ChecklistOutcome.Passed, revoked.Outcome);
        Assert.Contains("root (accessor abc)", revoked.Evidence, StringComparison.Ordinal);
    }
}
