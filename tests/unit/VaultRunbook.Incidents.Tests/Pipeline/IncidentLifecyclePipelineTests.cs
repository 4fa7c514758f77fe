using System.Management.Automation;
using VaultRunbook.Incidents.Tests.Support;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Pipeline;

/// <summary>An incident from opening to report in hosted pipelines, against the sandbox and a real rollout state file.</summary>
public sealed class IncidentLifecyclePipelineTests : IncidentPipelineTest
{
    private const string Planted = "hvs.CAESIPlantedIncidentToken0123456789abcdef";

    [Fact]
    public void A_Sev2_incident_records_health_and_the_kill_switch_closes_on_the_real_state_and_reports()
    {
        var result = Run($$"""
            $sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path $folder 'vault')
            try {
                $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
                $incident = New-RunbookIncident -Title 'vault-1 sealed after restart' -Severity 2 -Path $incidents
                Get-VaultHealth -Address $sb.Address | Add-RunbookIncidentEntry -Incident $incident -Path $incidents | Out-Null
                Enable-KillSwitch -ConfigPath $rollout -Reason 'vault 503s' -Confirm:$false | Add-RunbookIncidentEntry -Incident $incident -Path $incidents | Out-Null
                [pscustomobject]@{ Step = 'login'; Detail = 'used {{Planted}}'; ClientToken = '{{Planted}}' } | Add-RunbookIncidentEntry -Id $incident.Id -Path $incidents | Out-Null
                $incident | Add-RunbookIncidentEntry -Path $incidents -Note 'services on env values; token {{Planted}} rotated' -Milestone Mitigated | Out-Null
                Disable-KillSwitch -ConfigPath $rollout -Reason 'vault back' -Confirm:$false | Add-RunbookIncidentEntry -Incident $incident -Path $incidents | Out-Null
                $closed = Close-RunbookIncident -Id $incident.Id -Path $incidents -Address $sb.Address -RolloutConfigPath $rollout -Confirm:$false
                $files = $closed | Export-RunbookIncidentReport -Format Markdown, Html, Json -Path $reports -IncidentFolder $incidents
                [pscustomobject]@{ Incident = $incident; Closed = $closed; Files = $files }
            } finally { $sb | Stop-VaultSandbox }
            """);

        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        var output = Assert.Single(result.Output);
        var opened = (PSObject)output.Properties["Incident"].Value;
        Assert.Equal(2, opened.Properties["Severity"].Value);
        var openedAt = (DateTimeOffset)opened.Properties["OpenedAt"].Value;
        Assert.Equal(openedAt.AddHours(1), opened.Properties["RespondBy"].Value);
        Assert.Equal(openedAt.AddMinutes(30), opened.Properties["EscalateBy"].Value);

        var closed = (PSObject)output.Properties["Closed"].Value;
        Assert.Equal("Closed", closed.Properties["Status"].Value.ToString());
        var checklist = Items(closed, "Checklist").ToList();
        Assert.Equal(["FallbackKeyRotated", "NoFallbackSignatures", "KillSwitchOff", "VaultHealthy", "RootTokenRevoked"], checklist.Select(i => (string)i.Properties["Name"].Value));
        Assert.All(checklist, i => Assert.Equal("Passed", i.Properties["Outcome"].Value.ToString()));
        Assert.Contains("Active", (string)checklist[3].Properties["Evidence"].Value, StringComparison.Ordinal);
        Assert.Equal("vault", checklist[3].Properties["CheckedBy"].Value);
        Assert.NotNull(closed.Properties["MitigatedAt"].Value);

        var entries = Items(closed, "Entries").ToList();
        Assert.Equal(["VaultHealth", "Rollout", "PSCustomObject", "Note", "Rollout"], entries.Select(e => (string)e.Properties["Kind"].Value));
        Assert.Contains("kill switch on", (string)entries[1].Properties["Summary"].Value, StringComparison.Ordinal);
        Assert.Equal("Mitigated", entries[3].Properties["Milestone"].Value?.ToString());

        var files = Items(output, "Files").Select(f => ((FileInfo)f.BaseObject).Name).ToList();
        var id = (string)opened.Properties["Id"].Value;
        var day = openedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"{day}-{id}-vault-1-sealed-after-restart.md", $"{day}-{id}-vault-1-sealed-after-restart.html", $"{day}-{id}-vault-1-sealed-after-restart.json"], files);

        // The journal has the opening and the closing; the planted token is nowhere on disk.
        var journal = Run("Get-VaultActionLog -Path $journal -Action NewIncident, CloseIncident | ForEach-Object { '{0} {1}' -f $_.Action, $_.Outcome }");
        Assert.Equal(["NewIncident Opened", "CloseIncident Closed"], journal.Output.Select(o => o.ToString()));
        Assert.DoesNotContain(Planted, AllFilesText(), StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.CAES", AllFilesText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kill_switch_still_on_keeps_the_incident_open_records_the_refusal_and_Force_closes_it_with_the_failure()
    {
        var result = Run("""
            $incident = New-RunbookIncident -Title 'outage' -Severity 1 -Path $incidents
            Enable-KillSwitch -ConfigPath $rollout -Reason 'vault 503s' -Confirm:$false | Add-RunbookIncidentEntry -Incident $incident -Path $incidents -Milestone Mitigated | Out-Null
            Close-RunbookIncident -Id $incident.Id -Path $incidents -RolloutConfigPath $rollout -Confirmed VaultHealthy -Confirm:$false
            Get-RunbookIncident -Id $incident.Id -Path $incidents
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.Incident.ChecklistFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("KillSwitchOff Failed (kill switch on", error.Exception.Message, StringComparison.Ordinal);
        var still = Assert.Single(result.Output);
        Assert.Equal("Open", still.Properties["Status"].Value.ToString());
        var entries = Items(still, "Entries").ToList();
        Assert.Equal("Checklist", entries[^1].Properties["Kind"].Value);
        Assert.Equal("Close refused: KillSwitchOff Failed", entries[^1].Properties["Summary"].Value);

        var forced = Run("""
            Get-RunbookIncident -Path $incidents -Status Open | Close-RunbookIncident -Path $incidents -RolloutConfigPath $rollout -Confirmed VaultHealthy -Force -Confirm:$false
            """);
        Assert.Empty(forced.Errors);
        var closed = Assert.Single(forced.Output);
        Assert.Equal(true, closed.Properties["ClosedWithForce"].Value);
        Assert.Contains(forced.Warnings, w => w.StartsWith("Closed with -Force although KillSwitchOff is Failed", StringComparison.Ordinal));
        var items = Items(closed, "Checklist").ToDictionary(i => (string)i.Properties["Name"].Value, i => i.Properties["Outcome"].Value.ToString());
        Assert.Equal("Failed", items["KillSwitchOff"]);
        Assert.Equal("Passed", items["VaultHealthy"]);

        var after = Run("Add-RunbookIncidentEntry -Id (Get-RunbookIncident -Path $incidents).Id -Path $incidents -Note 'late'");
        Assert.Equal("VaultRunbook.Incident.Closed", Assert.Single(after.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void The_kill_switch_is_checked_in_a_rollout_state_kept_in_Vault_when_it_is_given_with_Rollout()
    {
        // The local state file says the kill switch is off; the state the services read from Vault says it is on.
        var result = Run("""
            $sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path $folder 'vault')
            try {
                $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
                $vault = @{ Store = 'Vault'; Path = 'runbook/rollout/api'; Address = $sb.Address; Token = (Get-Content $sb.RootTokenPath) }
                $incident = New-RunbookIncident -Title 'vault outage' -Severity 2 -Path $incidents
                Enable-KillSwitch @vault -Reason 'vault 503s' -Confirm:$false | Out-Null
                Disable-KillSwitch -ConfigPath $rollout -Reason 'not this one' -Confirm:$false | Out-Null
                Close-RunbookIncident -Id $incident.Id -Path $incidents -RolloutConfigPath $rollout -Rollout (Get-VaultRollout @vault) -Confirmed VaultHealthy -Confirm:$false
            } finally { $sb | Stop-VaultSandbox }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.Incident.ChecklistFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("KillSwitchOff Failed (kill switch on", error.Exception.Message, StringComparison.Ordinal);
        var still = Run("(Get-RunbookIncident -Path $incidents).Status");
        Assert.Equal("Open", Assert.Single(still.Output).ToString());
    }

    [Fact]
    public void An_item_that_cannot_be_checked_stays_Unknown_in_a_host_that_cannot_ask_and_Confirmed_answers_it()
    {
        var refused = Run("""
            $incident = New-RunbookIncident -Title 'slow unseal' -Severity 3 -Path $incidents
            $incident | Add-RunbookIncidentEntry -Path $incidents -Milestone Resolved | Out-Null
            Close-RunbookIncident -Id $incident.Id -Path $incidents -RolloutConfigPath $rollout -Confirm:$false
            """);

        var error = Assert.Single(refused.Errors);
        Assert.Contains("VaultHealthy Unknown (no Vault address given (-Address) and VAULT_ADDR is not set)", error.Exception.Message, StringComparison.Ordinal);

        var confirmed = Run("Get-RunbookIncident -Path $incidents | Close-RunbookIncident -Path $incidents -RolloutConfigPath $rollout -Confirmed VaultHealthy -Confirm:$false");
        Assert.Empty(confirmed.Errors);
        var items = Items(Assert.Single(confirmed.Output), "Checklist").ToList();
        var health = items.Single(i => (string)i.Properties["Name"].Value == "VaultHealthy");
        Assert.Equal("Passed", health.Properties["Outcome"].Value.ToString());
        Assert.Equal("operator (-Confirmed)", health.Properties["CheckedBy"].Value);
    }

    [Fact]
    public void An_error_record_is_recorded_with_its_id_and_category_and_no_planted_token()
    {
        var result = Run($$"""
            $incident = New-RunbookIncident -Title 'login failures' -Severity 2 -Path $incidents
            $err = [System.Management.Automation.ErrorRecord]::new([InvalidOperationException]::new('login with {{Planted}} failed'), 'VaultRunbook.Auth.Denied', 'PermissionDenied', '{{Planted}}')
            $err | Add-RunbookIncidentEntry -Incident $incident -Path $incidents
            """);

        Assert.Empty(result.Errors);
        var entry = Assert.Single(result.Output);
        Assert.Equal("Error", entry.Properties["Kind"].Value);
        Assert.Equal("VaultRunbook.Auth.Denied (PermissionDenied): login with [redacted] failed", entry.Properties["Summary"].Value);
        Assert.DoesNotContain(Planted, AllFilesText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_record_is_a_clear_error_and_a_bad_id_too()
    {
        var empty = Run("$i = New-RunbookIncident -Title t -Severity 4 -Path $incidents; Add-RunbookIncidentEntry -Id $i.Id -Path $incidents");
        Assert.Equal("VaultRunbook.Incident.EmptyEntry", empty.Terminating is RuntimeException { ErrorRecord: { } record } ? record.FullyQualifiedErrorId.Split(',')[0] : Assert.Single(empty.Errors).FullyQualifiedErrorId.Split(',')[0]);

        var bad = Run("Add-RunbookIncidentEntry -Id '../../etc/passwd' -Path $incidents -Note x");
        var id = bad.Terminating is RuntimeException { ErrorRecord: { } r } ? r.FullyQualifiedErrorId : Assert.Single(bad.Errors).FullyQualifiedErrorId;
        Assert.Equal("VaultRunbook.Incident.InvalidId", id.Split(',')[0]);
        Assert.False(File.Exists(Path.Combine(Folder, "etc", "passwd.jsonl")));

        var missing = Run("Get-RunbookIncident -Id INC-20261205-abcdef -Path $incidents");
        Assert.Equal("VaultRunbook.Incident.NotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_report_is_not_replaced_without_Force()
    {
        var result = Run("""
            $i = New-RunbookIncident -Title 'twice' -Severity 3 -Path $incidents
            $first = $i | Export-RunbookIncidentReport -Path $reports -IncidentFolder $incidents
            Set-Content -LiteralPath $first.FullName -Value 'edited by hand'
            $i | Export-RunbookIncidentReport -Path $reports -IncidentFolder $incidents
            Get-Content -LiteralPath $first.FullName -Raw
            $i | Export-RunbookIncidentReport -Path $reports -IncidentFolder $incidents -Force | Out-Null
            (Get-Content -LiteralPath $first.FullName -Raw).StartsWith('# twice')
            """);

        Assert.Equal("VaultRunbook.Incident.ReportExists", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("edited by hand", result.Output[0].ToString().Trim());
        Assert.Equal(true, result.Output[1].BaseObject);
    }
}
