using System.Globalization;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// The runbook's post-incident checklist, checked against the real state: (1) the fallback signing key rotated since
/// the incident opened, after its last fallback signature (journal); (2) no fallback signature since recovery, the
/// first Mitigated milestone or else the last Resolved one (journal); (3) the kill switch off (rollout state);
/// (4) every Vault node healthy (sys/health); (5) a root token generated during the incident followed by a token
/// revocation on the same node (journal: the journal never holds a token, so the revocation cannot be matched to
/// the token itself; the evidence names it). Where the state cannot be read, the item is Unknown, to be asked.
/// </summary>
public static class IncidentChecklist
{
    public const string FallbackKeyRotated = "FallbackKeyRotated";
    public const string NoFallbackSignatures = "NoFallbackSignatures";
    public const string KillSwitchOff = "KillSwitchOff";
    public const string VaultHealthy = "VaultHealthy";
    public const string RootTokenRevoked = "RootTokenRevoked";

    /// <summary>The item names, in the runbook's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [FallbackKeyRotated, NoFallbackSignatures, KillSwitchOff, VaultHealthy, RootTokenRevoked];

    /// <summary>What each item asks, for a prompt and a report.</summary>
    public static string Question(string name) => name switch
    {
        FallbackKeyRotated => "Was the fallback signing key rotated since the incident opened?",
        NoFallbackSignatures => "Has nothing been signed with the fallback key since recovery?",
        KillSwitchOff => "Is the kill switch off?",
        VaultHealthy => "Is every Vault node healthy (active or a serving standby), with one of them active?",
        RootTokenRevoked => "Was every root token generated during the incident revoked?",
        _ => name,
    };

    public static IReadOnlyList<IncidentChecklistItem> Check(RunbookIncident incident, IncidentChecklistEvidence evidence, DateTimeOffset now)
    {
        var during = evidence.Journal.Where(r => r.Time >= incident.OpenedAt && r.Time <= now).OrderBy(r => r.Time).ToList();
        return [Rotated(during, evidence.JournalPath), NoFallbackSince(incident, during, evidence.JournalPath), KillSwitch(evidence), Health(evidence), RootToken(during, evidence.JournalPath)];
    }

    private static bool IsFallbackSignature(ActionRecord r) => r.Action == "Sign" && r.Outcome == "Signed" && r.SigningMode == "Fallback";

    private static IncidentChecklistItem Rotated(List<ActionRecord> during, string journal)
    {
        var rotations = during.Where(r => r.Action is "UpdateFallbackSigningKey" or "NewFallbackSigningKey" && r.Outcome == "Written").ToList();
        var signatures = during.Where(IsFallbackSignature).ToList();
        if (rotations.Count == 0)
        {
            return signatures.Count == 0
                ? Item(FallbackKeyRotated, ChecklistOutcome.Passed, $"no fallback signature during the incident in {journal}: the key was not used, no rotation needed", "journal")
                : Item(FallbackKeyRotated, ChecklistOutcome.Failed, $"{signatures.Count} fallback signature(s) during the incident, the last at {Time(signatures[^1].Time)}, and no rotation of the key in {journal}", "journal");
        }

        var last = rotations[^1];
        var after = signatures.Where(s => s.Time > last.Time).ToList();
        return after.Count == 0
            ? Item(FallbackKeyRotated, ChecklistOutcome.Passed, $"rotated at {Time(last.Time)}{(last.KeyVersion is { } v ? $" to v{v}" : string.Empty)} by {last.User} ({last.Action})", "journal")
            : Item(FallbackKeyRotated, ChecklistOutcome.Failed, $"the key rotated at {Time(last.Time)} signed {after.Count} more time(s) after, the last at {Time(after[^1].Time)}: rotate it again", "journal");
    }

    private static IncidentChecklistItem NoFallbackSince(RunbookIncident incident, List<ActionRecord> during, string journal)
    {
        var recovery = incident.MitigatedAt ?? incident.Entries.Where(e => e.Milestone == IncidentMilestone.Resolved).Select(e => (DateTimeOffset?)e.Time).Max();
        if (recovery is not { } since)
        {
            return Item(NoFallbackSignatures, ChecklistOutcome.Unknown, "no Mitigated or Resolved milestone marks the recovery (Add-RunbookIncidentEntry -Milestone Mitigated)", "journal");
        }

        var after = during.Where(r => r.Time >= since && IsFallbackSignature(r)).ToList();
        return after.Count == 0
            ? Item(NoFallbackSignatures, ChecklistOutcome.Passed, $"no fallback signature since recovery at {Time(since)} in {journal}", "journal")
            : Item(NoFallbackSignatures, ChecklistOutcome.Failed, $"{after.Count} fallback signature(s) since recovery at {Time(since)}, the last at {Time(after[^1].Time)} ({after[^1].Subject})", "journal");
    }

    private static IncidentChecklistItem KillSwitch(IncidentChecklistEvidence evidence) => evidence.Rollout switch
    {
        null => Item(KillSwitchOff, ChecklistOutcome.Unknown, $"the rollout state could not be read: {evidence.RolloutProblem}", "rollout state"),
        { KillSwitch: false } r => Item(KillSwitchOff, ChecklistOutcome.Passed, $"kill switch off: {r}", "rollout state"),
        var r => Item(KillSwitchOff, ChecklistOutcome.Failed, $"kill switch on: {r}", "rollout state"),
    };

    private static IncidentChecklistItem Health(IncidentChecklistEvidence evidence)
    {
        if (evidence.Health is not { Count: > 0 } health)
        {
            return Item(VaultHealthy, ChecklistOutcome.Unknown, evidence.HealthProblem ?? "no Vault node was checked", "vault");
        }

        // Standbys that answer 429 are serving only while some node leads: checked standbys alone are not green.
        var states = string.Join(", ", health.Select(h => $"{h.Address} {h.Status}"));
        var leaderless = health.Any(h => h.Status == VaultNodeStatus.Active) ? null : "no active node among them";
        return health.All(h => h.IsHealthy) && leaderless is null && evidence.HealthProblem is null
            ? Item(VaultHealthy, ChecklistOutcome.Passed, states, "vault")
            : Item(VaultHealthy, ChecklistOutcome.Failed, string.Join("; ", new[] { states, leaderless, evidence.HealthProblem }.Where(p => p is not null)), "vault");
    }

    private static IncidentChecklistItem RootToken(List<ActionRecord> during, string journal)
    {
        var generated = during.Where(r => r.Action == "RootTokenGenerationUpdate" && r.Outcome == "Complete").ToList();
        if (generated.Count == 0)
        {
            return Item(RootTokenRevoked, ChecklistOutcome.Passed, $"no root token generated during the incident in {journal}", "journal");
        }

        var unmatched = new List<ActionRecord>();
        var matched = new List<string>();
        foreach (var root in generated)
        {
            var revocation = during.FirstOrDefault(r => r.Action == "RevokeToken" && r.Outcome == "Revoked" && r.Time >= root.Time && SameNode(r.Address, root.Address));
            if (revocation is null)
            {
                unmatched.Add(root);
            }
            else
            {
                matched.Add($"root token of {Time(root.Time)} on {root.Address}: revocation at {Time(revocation.Time)} ({revocation.Subject})");
            }
        }

        return unmatched.Count == 0
            ? Item(RootTokenRevoked, ChecklistOutcome.Passed, string.Join("; ", matched), "journal")
            : Item(RootTokenRevoked, ChecklistOutcome.Unknown, $"{unmatched.Count} root token(s) generated ({string.Join(", ", unmatched.Select(r => $"{Time(r.Time)} on {r.Address}"))}) with no token revocation on that node recorded after", "journal");
    }

    private static bool SameNode(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IncidentChecklistItem Item(string name, ChecklistOutcome outcome, string evidence, string by) =>
        new() { Name = name, Outcome = outcome, Evidence = SecretScrubber.Scrub(evidence), CheckedBy = by };
}
