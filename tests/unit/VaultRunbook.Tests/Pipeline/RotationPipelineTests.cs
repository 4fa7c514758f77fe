using System.Management.Automation;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Issue 3's rotation runbook end to end, in real runspaces against the sandbox's KV v2.</summary>
public sealed class RotationPipelineTests : IDisposable
{
    private const string SecretPath = "cwiq/shared/app/database";
    private const string OldPassword = "old-Pa55word-NEVER-shown";
    private readonly PowerShellSession _session = new();
    private readonly string _dataPath;

    public RotationPipelineTests()
    {
        var start = _session.Run(
            """
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $PSDefaultParameterValues['*-Vault*:Address'] = $sb.Address
            $PSDefaultParameterValues['*-Secret*:Address'] = $sb.Address
            $global:tok = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword
            $PSDefaultParameterValues['*-Vault*:Token'] = $tok
            $PSDefaultParameterValues['*-Secret*:Token'] = $tok
            $sb
            """);
        Assert.True(start.Errors.Count == 0, start.Describe());
        _dataPath = (string)start.Property(0, "DataPath")!;
        var seed = _session.Run($"Invoke-VaultRequest POST secret/data/{SecretPath} @{{ data = @{{ host = 'db.internal'; user = 'app'; port = 5432; pg_password = '{OldPassword}' }} }} | Out-Null");
        Assert.True(seed.Errors.Count == 0, seed.Describe());
    }

    public void Dispose()
    {
        _session.Run("$sb | Stop-VaultSandbox");
        _session.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    private Dictionary<string, object?> Data(int? version = null)
    {
        var result = _session.Run($"(Get-VaultSecret -Path {SecretPath} -AsPlainText{(version is null ? string.Empty : $" -Version {version}")}).Data");
        Assert.True(result.Errors.Count == 0, result.Describe());
        var map = (System.Collections.IDictionary)result.Output[0].BaseObject;
        return map.Keys.Cast<string>().ToDictionary(k => k, k => map[k]);
    }

    [Fact]
    public void Rotation_bumps_the_version_keeps_other_fields_and_names_only_the_rotated_field()
    {
        var rotation = _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password -Length 40 -Verbose -Debug", verboseAndDebug: true);

        Assert.True(rotation.Errors.Count == 0, rotation.Describe());
        var record = Assert.Single(rotation.Output);
        Assert.Equal(1, record.Properties["PreviousVersion"].Value);
        Assert.Equal(2, record.Properties["NewVersion"].Value);
        Assert.Equal(new[] { "pg_password" }, (IEnumerable<string>)record.Properties["RotatedFields"].Value);
        Assert.Equal("secret", record.Properties["Mount"].Value);
        var data = Data();
        Assert.Equal("db.internal", data["host"]);
        Assert.Equal("app", data["user"]);
        Assert.Equal("5432", data["port"]?.ToString());
        var newPassword = (string)data["pg_password"]!;
        Assert.Equal(40, newPassword.Length);
        Assert.NotEqual(OldPassword, newPassword);
        Assert.DoesNotContain(newPassword, rotation.AllText());
        Assert.DoesNotContain(OldPassword, rotation.AllText());
        var metadata = _session.Run($"Get-VaultSecretMetadata -Path {SecretPath}");
        Assert.Equal(2, metadata.Property(0, "CurrentVersion"));
        Assert.Equal(OldPassword, Data(1)["pg_password"]); // the old version is kept
    }

    [Fact]
    public void Data_values_may_be_secure_strings_and_never_show()
    {
        const string given = "Given-Secret-Value-123";

        var result = _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Data @{{ pg_password = [System.Net.NetworkCredential]::new('', '{given}').SecurePassword; user = 'app2' }} -Verbose", verboseAndDebug: true);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(new[] { "pg_password", "user" }, (IEnumerable<string>)result.Property(0, "RotatedFields")!);
        Assert.Equal(given, Data()["pg_password"]);
        Assert.DoesNotContain(given, result.AllText());
    }

    [Fact]
    public void Undo_restores_the_old_data_as_a_new_version()
    {
        var undo = _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password | Undo-SecretRotation");

        Assert.True(undo.Errors.Count == 0, undo.Describe());
        Assert.Equal(3, undo.Property(0, "NewVersion"));
        Assert.Equal(2, undo.Property(0, "PreviousVersion"));
        Assert.Equal(1, undo.Property(0, "RestoredFromVersion"));
        Assert.Equal(OldPassword, Data()["pg_password"]);
        Assert.Equal(3, _session.Run($"(Get-VaultSecretMetadata -Path {SecretPath}).CurrentVersion").Output[0].BaseObject);
    }

    [Fact]
    public void Undo_of_a_rotation_that_was_overtaken_is_refused()
    {
        var result = _session.Run(
            $"$r = Invoke-SecretRotation -Path {SecretPath} -Generate pg_password; Invoke-SecretRotation -Path {SecretPath} -Generate pg_password | Out-Null; $r | Undo-SecretRotation");

        Assert.Equal("VaultRunbook.Rotation.ChangedSince", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(3, _session.Run($"(Get-VaultSecretMetadata -Path {SecretPath}).CurrentVersion").Output[0].BaseObject);
    }

    [Fact]
    public void Undo_refuses_a_destroyed_version()
    {
        _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password | Out-Null; Invoke-VaultRequest PUT secret/destroy/{SecretPath} @{{ versions = @(1) }}");

        var result = _session.Run($"Undo-SecretRotation -Path {SecretPath} -ToVersion 1");

        Assert.Equal("VaultRunbook.Secret.VersionDestroyed", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(2, _session.Run($"(Get-VaultSecretMetadata -Path {SecretPath}).CurrentVersion").Output[0].BaseObject);
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        var result = _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password -WhatIf -Verbose", verboseAndDebug: true);

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Verbose, v => v.Contains("would change pg_password") && v.Contains("keeps"));
        Assert.DoesNotContain(OldPassword, result.AllText());
        Assert.Equal(1, _session.Run($"(Get-VaultSecretMetadata -Path {SecretPath}).CurrentVersion").Output[0].BaseObject);
    }

    [Fact]
    public void Many_paths_go_on_past_a_failed_one()
    {
        _session.Run("Invoke-VaultRequest POST secret/data/svc/b @{ data = @{ token = 'b' } } | Out-Null");

        var result = _session.Run($"'{SecretPath}', 'svc/missing', 'svc/b' | Invoke-SecretRotation -Generate pg_password");

        Assert.Equal(2, result.Output.Count);
        Assert.Equal("VaultRunbook.Secret.NotFound", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(new[] { SecretPath, "svc/b" }, result.Output.Select(o => o.Properties["Path"].Value.ToString()));
    }

    [Fact]
    public void A_kv_v1_mount_is_refused_with_no_write()
    {
        _session.Run("Invoke-VaultRequest PUT kv-v1/app @{ password = 'v1-value' } | Out-Null");

        var result = _session.Run("Invoke-SecretRotation -Mount kv-v1 -Path app -Generate password");
        var still = _session.Run("(Invoke-VaultRequest GET kv-v1/app).data.password");

        Assert.Equal("VaultRunbook.Rotation.KvV1", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("v1-value", still.Output[0].BaseObject);
    }

    [Fact]
    public async Task Two_runspaces_rotating_at_once_one_wins_and_no_version_is_lost()
    {
        // Slow every request so both rotations read version 1 before either writes.
        _session.Run("$sb.Latency = [TimeSpan]::FromMilliseconds(400)");
        using var other = new PowerShellSession();
        var setup = $"$PSDefaultParameterValues['*:Address'] = '{(string)_session.Run("$sb.Address").Output[0].BaseObject}'; $PSDefaultParameterValues['*:Token'] = [System.Net.NetworkCredential]::new('', '{File.ReadAllText((string)_session.Run("$sb.RootTokenPath").Output[0].BaseObject).Trim()}').SecurePassword";
        other.Run(setup);

        var a = Task.Run(() => _session.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password"));
        var b = Task.Run(() => other.Run($"Invoke-SecretRotation -Path {SecretPath} -Generate pg_password"));
        var results = await Task.WhenAll(a, b);
        _session.Run("$sb.Latency = [TimeSpan]::Zero");

        Assert.Equal(1, results.Sum(r => r.Output.Count));
        var loser = Assert.Single(results.SelectMany(r => r.Errors));
        Assert.Equal("VaultRunbook.Secret.CasMismatch", loser.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("another writer got there first", loser.Exception.Message);
        Assert.Equal(2, _session.Run($"(Get-VaultSecretMetadata -Path {SecretPath}).CurrentVersion").Output[0].BaseObject);
        Assert.Equal(OldPassword, Data(1)["pg_password"]);
    }

    [Fact]
    public void Get_VaultSecret_values_are_secure_strings_by_default()
    {
        var result = _session.Run($"$s = Get-VaultSecret -Path {SecretPath}; $s.Data['pg_password'].GetType().Name; \"$s\"");

        Assert.Equal("SecureString", result.Output[0].BaseObject);
        Assert.DoesNotContain(OldPassword, result.AllText());
        Assert.Contains("pg_password", result.Output[1].BaseObject.ToString());
    }
}
