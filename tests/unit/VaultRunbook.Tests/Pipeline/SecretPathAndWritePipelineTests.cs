using System.Text.Json;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Issue 9 items 6-8 and issue 16 item 3 in real runspaces against the sandbox: the CLI's path forms, KV v1 reads,
/// Set-VaultSecret and Remove-VaultSecret, and -Data values stored as Vault stores JSON values.
/// </summary>
public sealed class SecretPathAndWritePipelineTests : IDisposable
{
    private const string Password = "Pa55-never-SHOWN-9";
    private readonly PowerShellSession _session = new();
    private readonly string _dataPath;
    private readonly HttpClient _http = new();

    public SecretPathAndWritePipelineTests()
    {
        var start = _session.Run(
            """
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $global:tok = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword
            foreach ($pattern in '*-Vault*', '*-Secret*') {
                $PSDefaultParameterValues["${pattern}:Address"] = $sb.Address
                $PSDefaultParameterValues["${pattern}:Token"] = $tok
            }
            $sb
            """);
        Assert.True(start.Errors.Count == 0, start.Describe());
        _dataPath = (string)start.Property(0, "DataPath")!;
        _http.BaseAddress = new Uri((string)start.Property(0, "Address")! + "/v1/");
        _http.DefaultRequestHeaders.Add("X-Vault-Token", File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim());
    }

    public void Dispose()
    {
        _session.Run("$sb | Stop-VaultSandbox");
        _session.Dispose();
        _http.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    private ScriptResult Ok(string script, bool verbose = false)
    {
        var result = _session.Run(script, verboseAndDebug: verbose);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        return result;
    }

    private static string Id(ScriptResult result) => Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0];

    // Vault's own JSON, read with a plain HttpClient: what is stored, not what the module makes of it.
    private JsonElement Raw(string apiPath) => JsonDocument.Parse(_http.GetStringAsync(apiPath).GetAwaiter().GetResult()).RootElement;

    [Fact]
    public void The_three_cli_forms_read_the_same_secret_and_verbose_names_the_mount()
    {
        Ok($"Set-VaultSecret -Path secret/app/db -Data @{{ pg_password = '{Password}' }}");

        var cli = Ok("Get-VaultSecret -Path secret/app/db -AsPlainText -Verbose", verbose: true);
        var split = Ok("Get-VaultSecret -Mount secret -Path app/db -AsPlainText");
        var api = _session.Run("Get-VaultSecret -Path secret/data/app/db -AsPlainText");

        foreach (var result in new[] { cli, split, api })
        {
            Assert.Equal(("secret", "app/db"), ((string)result.Property(0, "Mount")!, (string)result.Property(0, "Path")!));
            Assert.Equal(Password, ((System.Collections.IDictionary)result.Property(0, "Data")!)["pg_password"]);
        }

        Assert.Contains(cli.Verbose, v => v.Contains("mount 'secret/' (KV v2), path 'app/db'"));
        Assert.Empty(cli.Warnings);
        var warning = Assert.Single(api.Warnings);
        Assert.Contains("mount 'secret/', path 'app/db'", warning);
        Assert.Empty(api.Errors);
    }

    [Fact]
    public void A_path_under_no_visible_mount_goes_to_the_default_mount_and_verbose_says_so()
    {
        Ok("Set-VaultSecret -Path secret/cwiq/app -Data @{ a = '1' } | Out-Null");

        var result = Ok("Get-VaultSecret -Path cwiq/app -Verbose", verbose: true);

        Assert.Equal(("secret", "cwiq/app"), ((string)result.Property(0, "Mount")!, (string)result.Property(0, "Path")!));
        Assert.Contains(result.Verbose, v => v.Contains("'cwiq/' is not a mount the token can see") && v.Contains("mount 'secret/', path 'cwiq/app'"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_kv_v1_secret_is_read_and_v2_only_options_are_refused()
    {
        Ok("Set-VaultSecret -Path kv-v1/foo -Data @{ password = 'v1-value'; port = 5432 }");

        var read = Ok("Get-VaultSecret -Path kv-v1/foo -AsPlainText");
        var version = _session.Run("Get-VaultSecret -Path kv-v1/foo -Version 1");
        var metadata = _session.Run("Get-VaultSecretMetadata -Mount kv-v1 -Path foo");
        var patch = _session.Run("Set-VaultSecret -Path kv-v1/foo -Patch -Data @{ password = 'x' }");
        var cas = _session.Run("Set-VaultSecret -Path kv-v1/foo -Cas 1 -Data @{ password = 'x' }");

        Assert.Null(read.Property(0, "Version"));
        Assert.Equal("v1-value", ((System.Collections.IDictionary)read.Property(0, "Data")!)["password"]);
        Assert.Equal("VaultRunbook.Secret.NotVersioned", Id(version));
        Assert.Equal("VaultRunbook.Secret.NotVersioned", Id(metadata));
        Assert.Equal("VaultRunbook.Secret.NotVersioned", Id(patch));
        Assert.Equal("VaultRunbook.Secret.NotVersioned", Id(cas));
        Assert.Equal("v1-value", Raw("kv-v1/foo").GetProperty("data").GetProperty("password").GetString());
    }

    [Fact]
    public void Set_writes_versions_with_cas_and_patch_keeps_the_other_fields()
    {
        var first = Ok($"Set-VaultSecret -Path secret/app/db -Cas 0 -Data @{{ user = 'app'; pg_password = '{Password}' }} -Verbose", verbose: true);
        var again = _session.Run("Set-VaultSecret -Path secret/app/db -Cas 0 -Data @{ user = 'other' }");
        var patched = Ok("Get-VaultSecret -Path secret/app/db | Set-VaultSecret -Patch -Data @{ pg_password = 'patched' }");

        Assert.Equal(1, first.Property(0, "Version"));
        Assert.Equal("Put", first.Property(0, "Operation"));
        Assert.Equal(new[] { "pg_password", "user" }, (IEnumerable<string>)first.Property(0, "Fields")!);
        Assert.DoesNotContain(Password, first.AllText());
        Assert.Equal("VaultRunbook.Secret.CasMismatch", Id(again));
        Assert.Equal(("secret", "app/db", 2, "Patch"), ((string)patched.Property(0, "Mount")!, (string)patched.Property(0, "Path")!, (int)patched.Property(0, "Version")!, (string)patched.Property(0, "Operation")!));
        var data = Raw("secret/data/app/db").GetProperty("data").GetProperty("data");
        Assert.Equal("app", data.GetProperty("user").GetString());
        Assert.Equal("patched", data.GetProperty("pg_password").GetString());
    }

    [Fact]
    public void One_field_can_be_given_as_a_secure_string()
    {
        Ok("Set-VaultSecret -Path secret/app/one -Data @{ user = 'app'; pg_password = 'old' } | Out-Null");

        var result = Ok($"Set-VaultSecret -Path secret/app/one -Patch -Field pg_password -Value ([System.Net.NetworkCredential]::new('', '{Password}').SecurePassword) -Verbose", verbose: true);

        Assert.Equal(new[] { "pg_password" }, (IEnumerable<string>)result.Property(0, "Fields")!);
        Assert.DoesNotContain(Password, result.AllText());
        var data = Raw("secret/data/app/one").GetProperty("data").GetProperty("data");
        Assert.Equal(Password, data.GetProperty("pg_password").GetString());
        Assert.Equal("app", data.GetProperty("user").GetString());
    }

    [Fact]
    public void WhatIf_writes_nothing_and_names_no_value()
    {
        var result = _session.Run($"Set-VaultSecret -Path secret/app/new -Data @{{ pg_password = '{Password}' }} -WhatIf");

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(Password, result.AllText());
        Assert.Equal("VaultRunbook.Secret.NotFound", Id(_session.Run("Get-VaultSecretMetadata -Path secret/app/new")));
    }

    [Fact]
    public void Data_values_are_stored_as_json_values_not_type_names()
    {
        Ok(
            $$"""
            $cred = [pscredential]::new('app', [System.Net.NetworkCredential]::new('', '{{Password}}').SecurePassword)
            Set-VaultSecret -Path secret/app/typed -Data @{ cred = $cred; port = 5432; ratio = 0.5; on = $true; map = @{ a = 'b'; n = 1 }; list = @('x', 2) } | Out-Null
            """);

        var data = Raw("secret/data/app/typed").GetProperty("data").GetProperty("data");
        Assert.Equal(Password, data.GetProperty("cred").GetString());
        Assert.Equal(5432, data.GetProperty("port").GetInt32());
        Assert.Equal(0.5, data.GetProperty("ratio").GetDouble());
        Assert.True(data.GetProperty("on").GetBoolean());
        Assert.Equal("b", data.GetProperty("map").GetProperty("a").GetString());
        Assert.Equal(1, data.GetProperty("map").GetProperty("n").GetInt32());
        Assert.Equal("[\"x\",2]", data.GetProperty("list").GetRawText());
    }

    [Fact]
    public void Rotation_data_uses_the_same_conversion()
    {
        Ok("Set-VaultSecret -Path secret/app/rot -Data @{ pg_password = 'old' } | Out-Null");

        Ok($"Invoke-SecretRotation -Path secret/app/rot -Data @{{ pg_password = [pscredential]::new('app', [System.Net.NetworkCredential]::new('', '{Password}').SecurePassword); pool = @{{ max = 10 }} }} | Out-Null");

        var data = Raw("secret/data/app/rot").GetProperty("data").GetProperty("data");
        Assert.Equal(Password, data.GetProperty("pg_password").GetString());
        Assert.Equal(10, data.GetProperty("pool").GetProperty("max").GetInt32());
    }

    [Theory]
    [InlineData("Set-VaultSecret -Path secret/app/bad -Data @{ when = [datetime]::UtcNow }")]
    [InlineData("Set-VaultSecret -Path secret/app/bad -Data @{ ok = 'x'; nested = @{ block = { 'code' } } }")]
    [InlineData("Invoke-SecretRotation -Path secret/app/bad -Data @{ when = [System.IO.FileInfo]'/tmp/x' }")]
    public void Other_values_are_refused_before_anything_is_written(string script)
    {
        var result = _session.Run(script);

        Assert.Equal("VaultRunbook.Secret.UnsupportedValue", result.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(result.Output);
        Assert.Equal("VaultRunbook.Secret.NotFound", Id(_session.Run("Get-VaultSecretMetadata -Path secret/app/bad")));
    }

    [Fact]
    public void Remove_deletes_undeletes_destroys_and_deletes_metadata()
    {
        Ok("Set-VaultSecret -Path secret/app/gone -Data @{ a = '1' } | Out-Null; Set-VaultSecret -Path secret/app/gone -Data @{ a = '2' } | Out-Null");

        Ok("Get-VaultSecret -Path secret/app/gone | Remove-VaultSecret -Confirm:$false");
        Assert.Equal("VaultRunbook.Secret.VersionDeleted", Id(_session.Run("Get-VaultSecret -Path secret/app/gone")));
        Ok("Remove-VaultSecret -Path secret/app/gone -Undelete -Version 2 -Confirm:$false");
        Assert.Equal(2, Ok("Get-VaultSecret -Path secret/app/gone").Property(0, "Version"));
        Ok("Remove-VaultSecret -Mount secret -Path app/gone -Destroy -Version 1 -Confirm:$false");
        Assert.Equal("VaultRunbook.Secret.VersionDestroyed", Id(_session.Run("Get-VaultSecret -Path secret/app/gone -Version 1")));
        Ok("Remove-VaultSecret -Path secret/app/gone -Metadata -Confirm:$false");
        Assert.Equal("VaultRunbook.Secret.NotFound", Id(_session.Run("Get-VaultSecretMetadata -Path secret/app/gone")));
    }

    [Fact]
    public void Remove_on_kv_v1_deletes_and_refuses_the_version_options()
    {
        Ok("Set-VaultSecret -Path kv-v1/old -Data @{ a = '1' } | Out-Null");

        var destroy = _session.Run("Remove-VaultSecret -Path kv-v1/old -Destroy -Version 1 -Confirm:$false");
        Ok("Remove-VaultSecret -Path kv-v1/old -Confirm:$false");

        Assert.Equal("VaultRunbook.Secret.NotVersioned", Id(destroy));
        Assert.Equal("VaultRunbook.Secret.NotFound", Id(_session.Run("Get-VaultSecret -Path kv-v1/old")));
    }

    [Fact]
    public void Removing_asks_for_confirmation_and_whatif_removes_nothing()
    {
        Ok("Set-VaultSecret -Path secret/app/kept -Data @{ a = '1' } | Out-Null");

        var impact = Ok("(Get-Command Remove-VaultSecret).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact.ToString()");
        Ok("Remove-VaultSecret -Path secret/app/kept -Metadata -WhatIf");

        Assert.Equal("High", impact.Output[0].BaseObject);
        Assert.Equal(1, Ok("Get-VaultSecret -Path secret/app/kept").Property(0, "Version"));
    }
}
