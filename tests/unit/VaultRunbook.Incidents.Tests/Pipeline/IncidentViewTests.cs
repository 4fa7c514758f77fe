using VaultRunbook.Incidents.Tests.Support;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Pipeline;

/// <summary>The format views of the incident types, as a user sees them, and -WhatIf writing nothing.</summary>
public sealed class IncidentViewTests : IncidentPipelineTest
{
    [Fact]
    public void Incidents_entries_and_checklist_items_show_in_their_own_table_views()
    {
        var result = Run("""
            $i = New-RunbookIncident -Title 'view check' -Severity 4 -Path $incidents
            $i | Add-RunbookIncidentEntry -Path $incidents -Note 'first note' -Milestone Mitigated | Out-Null
            $c = $i | Close-RunbookIncident -Path $incidents -RolloutConfigPath $rollout -Confirmed VaultHealthy -Confirm:$false
            ($i | Out-String -Width 200), ($c.Entries | Out-String -Width 200), ($c.Checklist | Out-String -Width 200)
            """);

        Assert.Empty(result.Errors);
        var (incident, entries, checklist) = (result.Output[0].ToString(), result.Output[1].ToString(), result.Output[2].ToString());
        Assert.Matches(@"Id\s+Sev\s+Status\s+OpenedAt\s+RespondBy\s+EscalateBy\s+Title", incident);
        Assert.Matches(@"INC-\d{8}-[0-9a-f]{6}\s+4\s+Open\s+.*\s-\s+view check", incident); // Sev4: no escalation
        Assert.Matches(@"Time\s+Kind\s+Severity\s+Milestone\s+Summary", entries);
        Assert.Matches(@"Note\s+Info\s+Mitigated\s+first note", entries);
        Assert.Matches(@"Name\s+Outcome\s+CheckedBy\s+Evidence", checklist);
        Assert.Matches(@"VaultHealthy\s+Passed\s+operator \(-Confirmed\)", checklist);
    }

    [Fact]
    public void WhatIf_opens_nothing_and_closes_nothing()
    {
        var result = Run("""
            New-RunbookIncident -Title 'what if' -Severity 2 -Path $incidents -WhatIf
            Test-Path $incidents
            $i = New-RunbookIncident -Title 'real' -Severity 2 -Path $incidents
            $i | Add-RunbookIncidentEntry -Path $incidents -Milestone Mitigated | Out-Null
            $i | Close-RunbookIncident -Path $incidents -RolloutConfigPath $rollout -Confirmed VaultHealthy -WhatIf
            (Get-RunbookIncident -Path $incidents).Status
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["False", "Open"], result.Output.Select(o => o.ToString()));
    }
}
