using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// DESIGN rule 11 for the token and AppRole cmdlets: no token, secret-id or login token reaches any stream (with
/// -Verbose and -Debug), error record or the action journal, on the success paths and the failing ones.
/// </summary>
public sealed class TokenLeakTests : IDisposable
{
    private readonly JournaledSandbox _sandbox = new("""
        Invoke-VaultRequest @vault POST sys/auth/approle @{ type = 'approle' } | Out-Null
        Invoke-VaultRequest @vault POST auth/approle/role/sidecar @{ token_policies = 'secret' } | Out-Null
        $global:parent = (Invoke-VaultRequest @vault POST auth/token/create @{ display_name = 'ci'; policies = @('secret', 'auth/token/create') }).auth.client_token
        $global:child = (Invoke-VaultRequest -Address $sb.Address -Token $parent POST auth/token/create @{ display_name = 'ci-child'; policies = @('secret') }).auth.client_token
        """);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void No_token_or_secret_id_appears_in_any_stream_error_or_journal_line()
    {
        var steps = new[]
        {
            Run("Get-VaultAuthMethod @vault -Verbose -Debug"),
            Run("Get-VaultAppRole @vault -Verbose -Debug"),
            Run("$global:s1 = Get-VaultAppRole @vault sidecar | New-VaultAppRoleSecretId @vault -Confirm:$false -Verbose -Debug; $s1"),
            Run("$global:login = $s1 | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false -Verbose -Debug; $login"),
            Run("$login | Get-VaultToken -Verbose -Debug"),
            Run("Get-VaultToken -Address $sb.Address -Token $child -Verbose -Debug"),
            Run("Get-VaultTokenAccessor @vault -Verbose -Debug"),
            Run("Get-VaultToken @vault -Accessor nosuchaccessor -Verbose -Debug"),
            Run("$s1 | Revoke-VaultAppRoleSecretId @vault -Confirm:$false -Verbose -Debug"),
            Run("$s1 | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultAppRoleSecretId @vault -RoleName sidecar -SecretId $s1.SecretId -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultToken -Address $sb.Address -Token $parent -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultToken -Address $sb.Address -Token $parent -Confirm:$false -Verbose -Debug"),
            Run("Get-VaultToken -Address $sb.Address -Token $child -Verbose -Debug"),
            Run("$login | Revoke-VaultToken -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultToken -Address $sb.Address -Token $child -Orphan -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultToken @vault -Prefix auth/approle/ -Confirm:$false -Verbose -Debug"),
            Run("Revoke-VaultToken @vault -Accessor (Get-VaultToken @vault).Accessor -WhatIf -Verbose -Debug"),
        };

        var secrets = _sandbox.Run(
            "$parent; $child; [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim(); ConvertFrom-SecureString $s1.SecretId -AsPlainText; ConvertFrom-SecureString $login.Token -AsPlainText")
            .Output.Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Equal(5, secrets.Count);
        Assert.All(secrets, s => Assert.True(s.Length >= 24, "a real secret was expected"));
        Assert.Contains(steps[9].Errors, e => e.FullyQualifiedErrorId.StartsWith("VaultRunbook.Vault.BadRequest", StringComparison.Ordinal));
        Assert.Contains(steps[13].Errors, e => e.FullyQualifiedErrorId.StartsWith("VaultRunbook.Vault.PermissionDenied", StringComparison.Ordinal));
        var everything = string.Join("\n", steps.Select(s => s.AllText())) + "\n" + File.ReadAllText(_sandbox.Journal);
        Assert.True(everything.Length > 2000, "the streams were expected to hold text");
        Assert.Contains("RevokeToken", everything, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private ScriptResult Run(string script) => _sandbox.Run(script, verboseAndDebug: true);
}
