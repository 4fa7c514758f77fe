using System.Security;
using System.Management.Automation;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Tokens;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// The AppRole cmdlets against the sandbox: auth methods listed, roles read, a secret-id rotation that makes the old
/// secret-id fail and the new one log in, and a login token that binds as -Token by property name.
/// </summary>
public sealed class AppRolePipelineTests : IDisposable
{
    private readonly JournaledSandbox _sandbox = new("""
        Invoke-VaultRequest @vault POST sys/auth/approle @{ type = 'approle' } | Out-Null
        Invoke-VaultRequest @vault POST auth/approle/role/sidecar @{ token_policies = 'secret'; token_ttl = '1h' } | Out-Null
        Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'pw' } | Out-Null
        """);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Auth_methods_and_roles_are_listed()
    {
        var result = _sandbox.Run("Get-VaultAuthMethod @vault; Get-VaultAuthMethod @vault -Type app* | ForEach-Object { Get-VaultAppRole @vault -Mount $_.Path }");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var methods = result.Output.Take(2).Select(o => Assert.IsType<VaultAuthMethod>(o.BaseObject)).ToList();
        Assert.Equal([("approle/", "approle"), ("token/", "token")], methods.Select(m => (m.Path, m.Type)));
        var role = Assert.IsType<VaultAppRole>(result.Output[2].BaseObject);
        Assert.Equal(("approle", "sidecar", TimeSpan.FromHours(1)), (role.Mount, role.RoleName, role.TokenTtl));
        Assert.Equal(["secret"], role.TokenPolicies);
        Assert.Matches("^[0-9a-f-]{36}$", role.RoleId);
    }

    [Fact]
    public void Rotating_the_secret_id_makes_the_old_one_fail_login_and_the_new_one_succeed()
    {
        var result = _sandbox.Run(
            """
            $old = Get-VaultAppRole @vault -RoleName sidecar | New-VaultAppRoleSecretId @vault -Confirm:$false
            $first = $old | Connect-VaultAppRole -Address $sb.Address -RoleId (Get-VaultAppRole @vault sidecar).RoleId -Confirm:$false
            $new = New-VaultAppRoleSecretId @vault -RoleName sidecar -Confirm:$false
            $revoked = $old | Revoke-VaultAppRoleSecretId @vault -Confirm:$false
            $refused = $old | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false
            $second = $new | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false
            $first, $old, $new, $second, $revoked
            """);

        var errorRecord = Assert.Single(result.Errors);
        Assert.StartsWith("VaultRunbook.Vault.BadRequest", errorRecord.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("invalid role or secret ID", errorRecord.Exception.Message, StringComparison.Ordinal);
        var (first, old, fresh, second) = (result.Output[0], result.Output[1], result.Output[2], result.Output[3]);
        Assert.Equal("VaultRunbook.Cmdlets.Tokens.VaultAuthToken", first.TypeNames[0]);
        Assert.Equal("VaultRunbook.Cmdlets.Tokens.VaultAppRoleSecretId", old.TypeNames[0]);
        Assert.Equal(("auth/approle/login", true), ((string)Value(first, "Path"), (bool)Value(first, "Orphan")));
        Assert.Equal(["default", "secret"], (IEnumerable<string>)Value(first, "Policies"));
        Assert.NotEqual(Value(old, "SecretIdAccessor"), Value(fresh, "SecretIdAccessor"));
        Assert.NotEqual(Value(first, "Accessor"), Value(second, "Accessor"));
        Assert.IsType<SecureString>(Value(old, "SecretId"));
        Assert.IsType<SecureString>(Value(second, "Token"));
        var revoked = Assert.IsType<AppRoleSecretIdRevocation>(result.Output[4].BaseObject);
        Assert.Equal(("sidecar", Value(old, "SecretIdAccessor")), (revoked.RoleName, (object)revoked.SecretIdAccessor));

        var log = _sandbox.Run("Get-VaultActionLog | Where-Object Action -like '*AppRoleSecretId'").Output.Select(o => (ActionRecord)o.BaseObject).ToList();
        Assert.Equal([("NewAppRoleSecretId", "Created"), ("NewAppRoleSecretId", "Created"), ("RevokeAppRoleSecretId", "Revoked")], log.Select(r => (r.Action, r.Outcome)));
        Assert.Equal($"approle role sidecar secret-id accessor {Value(old, "SecretIdAccessor")}", log[2].Subject);
    }

    [Fact]
    public void The_login_token_binds_as_Token_by_property_name_and_is_revoked_through_its_pipeline()
    {
        var result = _sandbox.Run(
            """
            $login = New-VaultAppRoleSecretId @vault -RoleName sidecar -Confirm:$false | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false
            $login | Get-VaultToken
            ($login | Get-VaultSecret -Path secret/app/db -AsPlainText).Data.password
            $login | Revoke-VaultToken -Confirm:$false
            $login | Get-VaultToken
            """);

        var self = Assert.IsType<VaultTokenInfo>(result.Output[0].BaseObject);
        Assert.Equal(("approle", "auth/approle/login"), (self.DisplayName, self.Path));
        Assert.Equal("sidecar", self.Meta["role_name"]);
        Assert.Equal("pw", result.Output[1].BaseObject);
        var revocation = Assert.IsType<TokenRevocation>(result.Output[2].BaseObject);
        Assert.Equal((TokenRevocationMode.Token, self.Accessor), (revocation.Mode, revocation.Accessor));
        Assert.Equal(3, result.Output.Count);
        Assert.StartsWith("VaultRunbook.Vault.PermissionDenied", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_piped_login_is_used_as_its_own_token_within_one_invocation()
    {
        var result = _sandbox.Run(
            """
            $secret = New-VaultAppRoleSecretId @vault -RoleName sidecar -Confirm:$false
            $logins = 1..2 | ForEach-Object { $secret | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false }
            $looked = @($logins | Get-VaultToken)
            [pscustomobject]@{ Logins = @($logins.Accessor); Looked = @($looked.Accessor) }
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var logins = ((object[])result.Property(0, "Logins")!).Select(o => o.ToString()).ToArray();
        Assert.Equal(2, logins.Distinct().Count());
        Assert.Equal(logins, ((object[])result.Property(0, "Looked")!).Select(o => o.ToString()));
    }

    [Fact]
    public void An_AppRole_compromise_is_revoked_by_prefix_and_the_other_tokens_stay()
    {
        var result = _sandbox.Run(
            """
            $secret = New-VaultAppRoleSecretId @vault -RoleName sidecar -Confirm:$false
            $a = $secret | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false
            $b = $secret | Connect-VaultAppRole -Address $sb.Address -RoleName sidecar -Token $root -Confirm:$false
            Revoke-VaultToken @vault -Prefix auth/approle/ -Confirm:$false | Out-Null
            @(Get-VaultTokenAccessor @vault | Where-Object Path -like 'auth/approle/*').Count
            (Get-VaultToken @vault).DisplayName
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal([0, (object)"root"], result.Output.Select(o => o.BaseObject));
    }

    private static object Value(PSObject item, string name) => item.Properties[name].Value;

    [Fact]
    public void A_wrong_role_name_is_a_clear_error()
    {
        var result = _sandbox.Run("Get-VaultAppRole @vault -RoleName nosuch; New-VaultAppRoleSecretId @vault -RoleName nosuch -Confirm:$false");

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("VaultRunbook.AppRole.NotFound", result.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("role \"nosuch\" does not exist", result.Errors[1].Exception.Message, StringComparison.Ordinal);
    }
}
