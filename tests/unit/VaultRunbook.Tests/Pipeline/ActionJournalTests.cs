using System.Management.Automation;
using VaultRunbook.Engine.Journal;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// DESIGN rule 12: Vault does not audit sys/unseal or sys/seal, so the module records its own: who, what, where,
/// when and the outcome, never a key share or a token; -WhatIf records nothing; a journal that cannot be written
/// never stops an unseal. Get-VaultActionLog reads the record back.
/// </summary>
public sealed class ActionJournalTests : IDisposable
{
    private const string TokenExpression = "([System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword)";
    private readonly PowerShellSession _session = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vr-journal-{Guid.NewGuid():N}");
    private string? _dataPath;

    public ActionJournalTests()
    {
        Directory.CreateDirectory(_directory);
        Journal = Path.Combine(_directory, "actions.jsonl");
        _session.Run("$global:VaultRunbookJournalPath = $path", new System.Collections.Hashtable { ["path"] = Journal });
    }

    private string Journal { get; }

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox -Confirm:$false }");
        _session.Dispose();
        if (_dataPath is not null && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void An_unseal_and_a_seal_are_recorded_with_who_where_when_and_outcome_and_no_secret()
    {
        var address = StartSandbox();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var unseal = _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");
        var seal = _session.Run($"$sb | Invoke-VaultSeal -Token {TokenExpression} -Confirm:$false");
        var log = _session.Run("Get-VaultActionLog");

        Assert.True(unseal.Errors.Count == 0 && seal.Errors.Count == 0, unseal.Describe() + seal.Describe());
        Assert.True(log.Errors.Count == 0 && log.Warnings.Count == 0, log.Describe());
        Assert.Equal(2, log.Output.Count);
        var (unsealed, sealedRecord) = ((ActionRecord)log.Output[0].BaseObject, (ActionRecord)log.Output[1].BaseObject);
        Assert.Equal(("Unseal", "Unsealed", address, false, 3), (unsealed.Action, unsealed.Outcome, unsealed.Address, unsealed.Sealed, unsealed.SharesSubmitted));
        Assert.Equal(("Seal", "Sealed", address, true), (sealedRecord.Action, sealedRecord.Outcome, sealedRecord.Address, sealedRecord.Sealed));
        Assert.All(new[] { unsealed, sealedRecord }, r =>
        {
            Assert.Equal(Environment.UserName, r.User);
            Assert.Equal(Environment.MachineName, r.Machine);
            Assert.Equal(Environment.ProcessId, r.ProcessId);
            Assert.InRange(r.Time, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.Equal(Journal, r.File);
        });

        var journalText = File.ReadAllText(Journal);
        var shares = File.ReadAllLines(SandboxFile("UnsealKeysPath")).Where(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.All(shares, share => Assert.DoesNotContain(share.Trim(), journalText));
        Assert.DoesNotContain(File.ReadAllText(SandboxFile("RootTokenPath")).Trim(), journalText);
    }

    [Fact]
    public void A_rejected_share_is_recorded_as_rejected_with_its_error_id_and_WhatIf_records_nothing()
    {
        StartSandbox();
        var wrongFile = Path.Combine(_directory, "wrong-keys.txt");
        var wrong = Enumerable.Range(0, 3).Select(_ => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(33))).ToArray();
        File.WriteAllLines(wrongFile, wrong);
        File.SetUnixFileMode(wrongFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -WhatIf");
        Assert.False(File.Exists(Journal));
        _session.Run($"$sb | Invoke-VaultUnseal -KeyFile '{wrongFile}'");
        var log = _session.Run("Get-VaultActionLog -Action Unseal");

        var record = (ActionRecord)Assert.Single(log.Output).BaseObject;
        Assert.Equal("Rejected", record.Outcome);
        Assert.Equal("VaultRunbook.Unseal.KeyRejected", record.ErrorId);
        Assert.Equal(true, record.Sealed);
        var journalText = File.ReadAllText(Journal);
        Assert.All(wrong, key => Assert.DoesNotContain(key, journalText));
    }

    [Fact]
    public void A_seal_that_Vault_refuses_is_recorded_as_failed_with_the_error_id_it_reported()
    {
        var address = StartSandbox();
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");

        var denied = _session.Run("$sb | Invoke-VaultSeal -Token ([System.Net.NetworkCredential]::new('', 'hvs.not-a-token').SecurePassword) -Confirm:$false");
        var log = _session.Run("Get-VaultActionLog -Action Seal");

        var error = Assert.Single(denied.Errors);
        var record = (ActionRecord)Assert.Single(log.Output).BaseObject;
        Assert.Equal(("Failed", address), (record.Outcome, record.Address));
        Assert.Equal(error.FullyQualifiedErrorId.Split(',')[0], record.ErrorId);
        Assert.DoesNotContain("hvs.not-a-token", File.ReadAllText(Journal));
    }

    [Fact]
    public void A_journal_that_cannot_be_written_gives_a_warning_and_the_unseal_goes_on()
    {
        StartSandbox();
        _session.Run("$global:VaultRunbookJournalPath = $path", new System.Collections.Hashtable { ["path"] = _directory });

        var unseal = _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");

        Assert.True(unseal.Errors.Count == 0, unseal.Describe());
        Assert.Equal(false, Assert.Single(unseal.Output).Properties["Sealed"].Value);
        var warning = Assert.Single(unseal.Warnings);
        Assert.Contains("could not be recorded in the action journal", warning);
        var read = _session.Run("Get-VaultActionLog");
        Assert.Equal("VaultRunbook.Journal.Unreadable,VaultRunbook.Cmdlets.Vault.GetVaultActionLogCommand", read.Terminating is RuntimeException ex ? ex.ErrorRecord.FullyQualifiedErrorId : Assert.Single(read.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void The_log_filters_by_address_action_and_time_keeps_the_last_n_and_skips_broken_lines_with_one_warning()
    {
        var lines = new[]
        {
            Line("2026-01-01T10:00:00Z", "Unseal", "https://vault-1:8200", "Unsealed"),
            Line("2026-01-01T10:05:00Z", "Seal", "https://vault-1:8200", "Sealed"),
            "{\"time\":\"2026-01-01T10:06:00Z\",\"action\":",
            Line("2026-01-01T11:00:00Z", "Unseal", "https://vault-2:8200", "InProgress"),
            Line("2026-01-01T12:00:00Z", "Unseal", "https://vault-2:8200/", "Unsealed"),
        };
        File.WriteAllLines(Journal, lines);

        var vault2 = _session.Run("Get-VaultActionLog -Address 'https://VAULT-2:8200'");
        var unsealsAfter = _session.Run("Get-VaultActionLog -Action Unseal -After ([datetime]'2026-01-01T10:30:00Z').ToUniversalTime() -Before ([datetime]'2026-01-01T11:30:00Z').ToUniversalTime()");
        var last = _session.Run("Get-VaultActionLog -Last 2");
        var wildcard = _session.Run("Get-VaultActionLog -Address 'https://vault-1*' -Action Seal");

        Assert.Equal(2, vault2.Output.Count);
        Assert.Equal("1 line(s) of the action journal '" + Journal + "' could not be read and were skipped.", Assert.Single(vault2.Warnings));
        Assert.Equal("InProgress", ((ActionRecord)Assert.Single(unsealsAfter.Output).BaseObject).Outcome);
        Assert.Equal(new long[] { 4, 5 }, last.Output.Select(o => ((ActionRecord)o.BaseObject).LineNumber));
        Assert.Equal("Sealed", ((ActionRecord)Assert.Single(wildcard.Output).BaseObject).Outcome);
    }

    [Fact]
    public async Task Appends_from_many_writers_at_once_each_land_whole_on_their_own_line()
    {
        var writers = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            new ActionJournal(Journal).AppendAsync(ActionRecord.Now("Seal", $"https://vault-{i}:8200", "Sealed"), CancellationToken.None)));
        await Task.WhenAll(writers);

        var (records, skipped) = new ActionJournal(Journal).Read();

        Assert.Equal(0, skipped);
        Assert.Equal(40, records.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"https://vault-{i}:8200").OrderBy(a => a), records.Select(r => r.Address).OrderBy(a => a));
    }

    [Fact]
    public async Task An_action_run_through_sudo_names_the_account_that_ran_sudo_and_it_survives_the_journal()
    {
        var throughSudo = ActionRecord.Now("Unseal", "https://vault-1:8200", "Unsealed", name => name == "SUDO_USER" ? "alice" : null);
        var direct = ActionRecord.Now("Seal", "https://vault-1:8200", "Sealed", _ => null);
        var sameAccount = ActionRecord.Now("Seal", "https://vault-1:8200", "Sealed", name => name == "SUDO_USER" ? Environment.UserName : null);

        await new ActionJournal(Journal).AppendAsync(throughSudo, CancellationToken.None);
        var (records, _) = new ActionJournal(Journal).Read();

        Assert.Equal(("alice", Environment.UserName), (Assert.Single(records).SudoUser, records[0].User));
        Assert.Null(direct.SudoUser);
        Assert.Null(sameAccount.SudoUser);
    }

    [Fact]
    public async Task A_line_left_unfinished_by_a_dead_writer_costs_only_that_line()
    {
        File.WriteAllText(Journal, Line("2026-01-01T10:00:00Z", "Seal", "https://vault-1:8200", "Sealed") + "\n{\"time\":\"2026-01-01T10:01");

        await new ActionJournal(Journal).AppendAsync(ActionRecord.Now("Seal", "https://vault-2:8200", "Sealed"), CancellationToken.None);
        var (records, skipped) = new ActionJournal(Journal).Read();

        Assert.Equal(1, skipped);
        Assert.Equal(new[] { "https://vault-1:8200", "https://vault-2:8200" }, records.Select(r => r.Address));
    }

    private static string Line(string time, string action, string address, string outcome) =>
        $"{{\"time\":\"{time}\",\"action\":\"{action}\",\"address\":\"{address}\",\"outcome\":\"{outcome}\",\"user\":\"ops\",\"machine\":\"bastion\",\"processId\":1}}";

    private string StartSandbox()
    {
        var result = _session.Run("$global:sb = Start-VaultSandbox -Shares 5 -Threshold 3; $global:sb");
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        var sandbox = Assert.Single(result.Output);
        _dataPath = (string)sandbox.Properties["DataPath"].Value;
        return (string)sandbox.Properties["Address"].Value;
    }

    private string SandboxFile(string property) => (string)_session.Run($"$sb.{property}").Output.Single().BaseObject;
}
