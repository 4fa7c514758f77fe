using System.Management.Automation;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Tokens;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Revoke-VaultToken, Get-VaultToken and Get-VaultTokenAccessor against the sandbox: children go with a revocation,
/// -Orphan keeps them, by-accessor is idempotent, by-prefix removes the tokens of that path only, a revoked token
/// gets 403; the journal names tokens by display name and accessor only.
/// </summary>
public sealed class TokenRevocationPipelineTests : IDisposable
{
    private readonly JournaledSandbox _sandbox = new("""
        function global:New-TestToken([string] $Name, [object] $Parent = $root, [string[]] $Policies = @('secret', 'auth/token/create'), [switch] $Orphan) {
            $path = if ($Orphan) { 'auth/token/create-orphan' } else { 'auth/token/create' }
            $auth = (Invoke-VaultRequest -Address $sb.Address -Token $Parent POST $path @{ display_name = $Name; policies = $Policies }).auth
            [pscustomobject]@{ Token = [System.Net.NetworkCredential]::new('', $auth.client_token).SecurePassword; Plain = $auth.client_token; Accessor = $auth.accessor }
        }
        """);

    private string Journal => _sandbox.Journal;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Revoking_a_token_by_value_takes_its_children_and_the_dead_tokens_get_403()
    {
        var result = _sandbox.Run(
            """
            $parent = New-TestToken ci-parent
            $child = New-TestToken ci-child -Parent $parent.Token
            $other = New-TestToken bystander
            Revoke-VaultToken -Address $sb.Address -Token $parent.Token -Confirm:$false
            foreach ($t in $parent, $child, $other) { Get-VaultToken -Address $sb.Address -Token $t.Token }
            """);

        var revocation = Assert.IsType<TokenRevocation>(result.Output[0].BaseObject);
        Assert.Equal((TokenRevocationMode.Token, "token-ci-parent", true), (revocation.Mode, revocation.DisplayName, revocation.Existed));
        var survivors = result.Output.Skip(1).Select(o => Assert.IsType<VaultTokenInfo>(o.BaseObject)).ToList();
        Assert.Equal(["token-bystander"], survivors.Select(s => s.DisplayName));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("VaultRunbook.Vault.PermissionDenied", e.FullyQualifiedErrorId, StringComparison.Ordinal));
    }

    [Fact]
    public void Orphan_keeps_the_children_and_a_plain_string_token_is_accepted()
    {
        var result = _sandbox.Run(
            """
            $env:VAULT_TOKEN = [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()
            try {
                $parent = New-TestToken ci-parent
                $child = New-TestToken ci-child -Parent $parent.Token
                Revoke-VaultToken -Address $sb.Address -Token $parent.Plain -Orphan -Confirm:$false
                Get-VaultToken -Address $sb.Address -Token $child.Plain
                Get-VaultToken -Address $sb.Address -Token $parent.Plain
            } finally { Remove-Item Env:VAULT_TOKEN }
            """);

        Assert.Equal(TokenRevocationMode.Orphan, Assert.IsType<TokenRevocation>(result.Output[0].BaseObject).Mode);
        var child = Assert.IsType<VaultTokenInfo>(result.Output[1].BaseObject);
        Assert.Equal(("token-ci-child", true), (child.DisplayName, child.Orphan));
        Assert.Equal(2, result.Output.Count);
        Assert.Equal("VaultRunbook.Vault.PermissionDenied,VaultRunbook.Cmdlets.Tokens.GetVaultTokenCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Revoking_by_accessor_is_idempotent_and_recorded_without_the_token()
    {
        var result = _sandbox.Run(
            """
            $t = New-TestToken ci-runner
            $global:plain = $t.Plain
            $t | Revoke-VaultToken -Address $sb.Address -Confirm:$false
            Revoke-VaultToken @vault -Accessor $t.Accessor -Confirm:$false
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var (first, second) = ((TokenRevocation)result.Output[0].BaseObject, (TokenRevocation)result.Output[1].BaseObject);
        Assert.Equal((TokenRevocationMode.Token, true), (first.Mode, first.Existed));
        Assert.Equal((TokenRevocationMode.Accessor, false, first.Accessor), (second.Mode, second.Existed, second.Accessor));
        var log = _sandbox.Run("Get-VaultActionLog | Where-Object Action -eq RevokeToken").Output.Select(o => (ActionRecord)o.BaseObject).ToList();
        Assert.Equal([("RevokeToken", "Revoked"), ("RevokeToken", "NotFound")], log.Select(r => (r.Action, r.Outcome)));
        Assert.Equal($"token token-ci-runner accessor {first.Accessor}", log[0].Subject);
        Assert.DoesNotContain((string)_sandbox.Run("$plain").Output[0].BaseObject, File.ReadAllText(Journal));
    }

    [Fact]
    public void Accessors_piped_from_Get_VaultTokenAccessor_are_revoked_by_display_name()
    {
        var result = _sandbox.Run(
            """
            $a = New-TestToken app-a
            $b = New-TestToken app-b
            $keep = New-TestToken keeper
            $listed = @(Get-VaultTokenAccessor @vault -ThrottleLimit 2)
            $revoked = @(Get-VaultTokenAccessor @vault | Where-Object DisplayName -like 'token-app-*' | Revoke-VaultToken @vault -Confirm:$false)
            $after = @(Get-VaultTokenAccessor @vault)
            [pscustomobject]@{ Listed = $listed.DisplayName; Revoked = $revoked.DisplayName; After = $after.DisplayName; Paths = $listed.Path }
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        string[] Names(string property) => ((object[])result.Property(0, property)!).Select(o => o.ToString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["root", "token-app-a", "token-app-b", "token-keeper"], Names("Listed"));
        Assert.Equal(["token-app-a", "token-app-b"], Names("Revoked"));
        Assert.Equal(["root", "token-keeper"], Names("After"));
        Assert.Contains("auth/token/root", Names("Paths"));
    }

    [Fact]
    public void A_prefix_revocation_removes_the_tokens_of_that_path_only()
    {
        var result = _sandbox.Run(
            """
            $orphan = New-TestToken loose -Orphan
            $child = New-TestToken child-of-loose -Parent $orphan.Token
            $normal = New-TestToken normal
            Revoke-VaultToken @vault -Prefix auth/token/create-orphan -Confirm:$false
            foreach ($t in $orphan, $child, $normal) { [bool](Get-VaultToken -Address $sb.Address -Token $t.Token -ErrorAction SilentlyContinue) }
            """);

        var revocation = Assert.IsType<TokenRevocation>(result.Output[0].BaseObject);
        Assert.Equal((TokenRevocationMode.Prefix, "auth/token/create-orphan"), (revocation.Mode, revocation.Prefix));
        Assert.Equal([false, false, true], result.Output.Skip(1).Select(o => (bool)o.BaseObject));
    }

    [Fact]
    public void A_session_default_token_is_never_taken_as_the_token_to_revoke()
    {
        var result = _sandbox.Run(
            """
            $PSDefaultParameterValues['*:Token'] = $root
            try { Revoke-VaultToken -Address $sb.Address -Confirm:$false } finally { $PSDefaultParameterValues.Remove('*:Token') }
            Get-VaultToken @vault
            """);

        Assert.Equal("VaultRunbook.Token.TargetRequired,VaultRunbook.Cmdlets.Tokens.RevokeVaultTokenCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal("root", Assert.IsType<VaultTokenInfo>(Assert.Single(result.Output).BaseObject).DisplayName);
    }

    [Fact]
    public void WhatIf_revokes_nothing_and_records_nothing()
    {
        var result = _sandbox.Run(
            """
            $t = New-TestToken careful
            Revoke-VaultToken @vault -Accessor $t.Accessor -WhatIf
            (Get-VaultToken -Address $sb.Address -Token $t.Token).DisplayName
            """);

        Assert.Equal("token-careful", Assert.Single(result.Output).BaseObject);
        Assert.False(File.Exists(Journal) && File.ReadAllText(Journal).Contains("RevokeToken", StringComparison.Ordinal));
    }
}
