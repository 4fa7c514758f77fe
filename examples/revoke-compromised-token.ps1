<#
.SYNOPSIS
    The compromised-token runbook: find the token by accessor, revoke it, prove it dead; then the AppRole
    compromise: revoke every token under auth/approle/, rotate the secret-id, let the sidecars log in again.

.DESCRIPTION
    A token leaked (a CI log printed it). The runbook never needs the token's value to act on it:
      1. Get-VaultTokenAccessor lists every token with its lookup (display name, policies, path, expiry); the
         leaked one is picked by display name and revoked by accessor, with its children.
      2. Get-VaultToken with the leaked token proves it dead (Vault answers 403).
      3. The AppRole secret-id leaked too: every token issued under auth/approle/ is revoked (vault token revoke
         -mode=path auth/approle/), a new secret-id is generated, the old one destroyed, and a sidecar logs in again.
      4. The action journal shows what was revoked and rotated, by display name and accessor, never by value.
    With no -Address this is a drill against a sandbox with a CI token and an AppRole. Against a real Vault, give
    -Address, -DisplayName and -Role, with VAULT_TOKEN holding a token with sudo.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/revoke-compromised-token.ps1
#>
[CmdletBinding()]
param(
    [string] $Address,
    [string] $DisplayName = 'token-ci-runner',
    [string] $Role = 'sidecar',
    [string] $AppRoleMount = 'approle'
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$sandbox = $null
$work = $null
$leaked = $null
try {
    if (-not $Address) {
        # Drill: a sandbox with a CI token that leaks, and an AppRole role whose sidecars are logged in.
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-tokens-').FullName
        $VaultRunbookJournalPath = [System.IO.Path]::Combine($work, 'actions.jsonl')
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $Address = $sandbox.Address
        # The operator's token, as on a real box: VAULT_TOKEN (a session default for -Token would also override
        # the token a piped login object carries, so the runbook leaves -Token to the environment).
        $previousToken = $env:VAULT_TOKEN
        $env:VAULT_TOKEN = [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()
        $PSDefaultParameterValues['*:Address'] = $Address
        Set-VaultSecret -Path secret/app/db -Data @{ password = 'drill-only' } | Out-Null
        Invoke-VaultRequest POST "sys/auth/$AppRoleMount" @{ type = 'approle' } | Out-Null
        Invoke-VaultRequest POST "auth/$AppRoleMount/role/$Role" @{ token_policies = 'secret'; token_ttl = '1h' } | Out-Null
        $created = Invoke-VaultRequest POST auth/token/create @{ display_name = $DisplayName -replace '^token-', ''; policies = @('secret') }
        $leaked = [System.Net.NetworkCredential]::new('', $created.auth.client_token).SecurePassword
        $created = $null
        $exposedSecretId = Get-VaultAppRole -Mount $AppRoleMount -RoleName $Role | New-VaultAppRoleSecretId -Confirm:$false
        $sidecars = 1..2 | ForEach-Object { $exposedSecretId | Connect-VaultAppRole -Address $Address -RoleName $Role -Confirm:$false }
        "Drill: sandbox Vault at $Address, $($sidecars.Count) sidecars logged in with AppRole '$Role'"
    }
    $PSDefaultParameterValues['*:Address'] = $Address

    # 1. Find the compromised token by its display name and revoke it by accessor, with its children.
    $suspects = @(Get-VaultTokenAccessor | Where-Object DisplayName -eq $DisplayName)
    "1. Tokens named ${DisplayName}: $($suspects.Count)"
    $suspects | ForEach-Object { '     accessor {0}  policies {1}  issued by {2}' -f $_.Accessor, ($_.Policies -join ','), $_.Path }
    $revoked = @($suspects | Revoke-VaultToken -Confirm:$false)
    "   Revoked: $(@($revoked | Where-Object Existed).Count)"

    # 2. Prove it dead: the leaked token itself now gets 403.
    if ($leaked) {
        try {
            Get-VaultToken -Token $leaked | Out-Null
            throw 'The leaked token still works.'
        }
        catch [System.Management.Automation.RuntimeException] {
            if ($_.FullyQualifiedErrorId -notlike 'VaultRunbook.Vault.PermissionDenied*') { throw }
            '2. The leaked token is dead: Vault answers 403 (permission denied).'
        }
    }

    # 3. The AppRole secret-id leaked too: revoke every token issued under auth/approle/, rotate the secret-id.
    $approleTokens = @(Get-VaultTokenAccessor | Where-Object Path -like "auth/$AppRoleMount/*").Count
    Revoke-VaultToken -Prefix "auth/$AppRoleMount/" -Confirm:$false | Out-Null
    "3. Revoked the $approleTokens tokens issued under auth/$AppRoleMount/."
    $old = @(Invoke-VaultRequest LIST "auth/$AppRoleMount/role/$Role/secret-id" -ErrorAction Ignore).data.keys
    $fresh = New-VaultAppRoleSecretId -Mount $AppRoleMount -RoleName $Role -Confirm:$false
    $old | Where-Object { $_ -and $_ -ne $fresh.SecretIdAccessor } |
        ForEach-Object { Revoke-VaultAppRoleSecretId -Mount $AppRoleMount -RoleName $Role -SecretIdAccessor $_ -Confirm:$false } | Out-Null
    "   New secret-id $($fresh.SecretIdAccessor); $(@($old).Count) old one(s) destroyed."
    $login = $fresh | Connect-VaultAppRole -RoleName $Role -Confirm:$false
    $self = $login | Get-VaultToken
    "   A sidecar logs in again: $($self.DisplayName) token $($self.Accessor), policies $($self.Policies -join ',')."

    # 4. What the journal recorded (names and accessors only).
    ''
    'Action journal:'
    Get-VaultActionLog | Where-Object Action -in 'RevokeToken', 'NewAppRoleSecretId', 'RevokeAppRoleSecretId' |
        ForEach-Object { '  {0:u}  {1,-22} {2,-9} {3}' -f $_.Time, $_.Action, $_.Outcome, $_.Subject }
}
finally {
    if ($sandbox) {
        $env:VAULT_TOKEN = $previousToken
        $sandbox | Stop-VaultSandbox
        [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        [System.IO.Directory]::Delete($work, $true)
    }
}
