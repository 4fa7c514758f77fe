using System.Collections;
using System.Management.Automation;
using VaultRunbook.Adversarial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests;

/// <summary>
/// DESIGN rule 11 across the whole module: every exported cmdlet runs through a success path and an error path with
/// -Verbose, -Debug and $InformationPreference Continue against an unsealed sandbox holding canary secrets. The root
/// token, every unseal share, every canary value, a generated value and a password given in an address's userinfo
/// must appear in no stream, no host text, no error record (message, target, category, details, exception chain),
/// not in the action journal and in no file the run wrote. A cmdlet without both paths in <see cref="Scenarios"/>
/// fails the test by name: a new cmdlet gets its rows here.
/// </summary>
public sealed class LeakScanTests : SandboxScenarioTest
{
    // The Kubernetes rows' peer: a fake API server whose bearer token is one more secret to look for.
    private readonly VaultRunbook.FakeKube.FakeKubeServer _kube = VaultRunbook.FakeKube.FakeKubeServer.Start();
    private readonly VaultRunbook.FakeAws.FakeRds _rds = new();
    private readonly VaultRunbook.FakeAws.FakeKms _kms = new();

    public LeakScanTests(ITestOutputHelper output)
        : base(output, "leak")
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kube.Dispose();
            _rds.Dispose();
            _kms.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The scan's rows, run in this order in one runspace (a row may use what an earlier one left: $rot, $sb2, a
    /// sealed sandbox). Variables: $sb (unsealed sandbox), $conn (@{ Address; Token } splat), $tok (root token),
    /// $badTok, $c1..$c5 / $s1..$s5 (canary values, plain / SecureString), $credAddress (an address with a password in
    /// its userinfo), $share0 and $bogusShare (SecureStrings), $res (resolver splat: map, rollout, stats, node, token),
    /// $rolloutOps, $garbageRollout, $map, $stats, $auditLog, $journal, $work; $kubeconfig and $badKubeconfig (the
    /// fake Kubernetes API server's, the second with a wrong bearer token) for namespace adv.
    /// </summary>
    /// <summary>Cmdlets with no input that can be wrong and no peer to fail: a success path is all there is.</summary>
    private static readonly HashSet<string> NoErrorPath = ["Clear-RunbookSecretCache"];

    internal static IReadOnlyList<Scenario> Scenarios() =>
    [
        Scenario.Ok("Start-VaultSandbox", "$global:sb2 = Start-VaultSandbox -Shares 2 -Threshold 2 -DataPath (Join-Path $work 'sandbox2') -Verbose -Debug; $sb2"),
        Scenario.Fails("Start-VaultSandbox", "Start-VaultSandbox -Shares 2 -Threshold 5 -DataPath (Join-Path $work 'sandbox3') -Verbose -Debug"),
        Scenario.Ok("Stop-VaultSandbox", "$sb2 | Stop-VaultSandbox -PassThru -Verbose -Debug"),
        Scenario.Fails("Stop-VaultSandbox", "Stop-VaultSandbox -InputObject 'not-a-sandbox' -Verbose -Debug"),

        Scenario.Ok("Invoke-VaultRequest", "Invoke-VaultRequest @conn POST secret/data/adv/app -Body @{ data = @{ password = $c1; apikey = $c2 } } -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultRequest", "Invoke-VaultRequest @conn POST secret/data/adv/db -Body (@{ data = @{ pg = $c3 } } | ConvertTo-Json) -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultRequest", "Invoke-VaultRequest @conn GET sys/mounts -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultRequest", "Invoke-VaultRequest @conn POST secret/data/adv/app -Body @{ options = @{ cas = 999 }; data = @{ password = $c5 } } -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultRequest", "Invoke-VaultRequest -Address $sb.Address -Token $badTok GET secret/data/adv/app -Verbose -Debug"),

        Scenario.Ok("Get-VaultHealth", "$sb | Get-VaultHealth -Verbose -Debug"),
        Scenario.Fails("Get-VaultHealth", "Get-VaultHealth -Address $credAddress -Token $tok -TimeoutSec 2 -Assert -Verbose -Debug"),
        Scenario.Ok("Get-VaultSealStatus", "Get-VaultSealStatus @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultSealStatus", "Get-VaultSealStatus -Address $credAddress -Token $tok -TimeoutSec 2 -Verbose -Debug"),

        Scenario.Ok("Get-VaultSecret", "Get-VaultSecret @conn -Path adv/app, adv/db -Verbose -Debug"),
        Scenario.Fails("Get-VaultSecret", "Get-VaultSecret @conn -Path adv/nothing -Verbose -Debug"),
        Scenario.Fails("Get-VaultSecret", "Get-VaultSecret -Address $sb.Address -Token $badTok -Path adv/app -Verbose -Debug"),
        Scenario.Ok("Get-VaultSecretMetadata", "Get-VaultSecretMetadata @conn -Path adv/app -Verbose -Debug"),
        Scenario.Fails("Get-VaultSecretMetadata", "Get-VaultSecretMetadata @conn -Path adv/nothing -Verbose -Debug"),

        Scenario.Ok("Invoke-SecretRotation", "Invoke-SecretRotation @conn -Path adv/app -Data @{ password = $s5 } -WhatIf -Verbose -Debug"),
        Scenario.Ok("Invoke-SecretRotation", "$global:rot = Invoke-SecretRotation @conn -Path adv/app -Data @{ password = $c4 } -Confirm:$false -Verbose -Debug; $rot"),
        Scenario.Fails("Invoke-SecretRotation", "Invoke-SecretRotation @conn -Path adv/nothing -Data @{ password = $c5 } -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Undo-SecretRotation", "$rot | Undo-SecretRotation -Token $tok -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Undo-SecretRotation", "Undo-SecretRotation @conn -Path adv/app -ToVersion 999 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-SecretRotation", "Invoke-SecretRotation @conn -Path adv/db -Generate pg -Confirm:$false -Verbose -Debug"),

        Scenario.Ok("Set-VaultSecret", "Set-VaultSecret @conn -Path adv/set -Data @{ password = $s2; note = 'plain' } -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Set-VaultSecret", "Set-VaultSecret @conn -Path secret/adv/set -Patch -Field password -Value $s4 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-VaultSecret", "Set-VaultSecret @conn -Path adv/set -Data @{ password = $c5 } -Cas 999 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-VaultSecret", "Set-VaultSecret -Address $sb.Address -Token $badTok -Path adv/set -Data @{ password = $s5 } -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Remove-VaultSecret", "Remove-VaultSecret @conn -Path adv/set -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Remove-VaultSecret", "Remove-VaultSecret @conn -Path adv/set -Undelete -Version 2 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Remove-VaultSecret", "Remove-VaultSecret @conn -Path adv/set -Destroy -Version 1 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Remove-VaultSecret", "Remove-VaultSecret -Address $sb.Address -Token $badTok -Path adv/set -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Get-VaultSecret", "Get-VaultSecret @conn -Path adv/set -Version 1 -Verbose -Debug"),

        Scenario.Ok("Get-VaultAuditHash", "Get-VaultAuditHash @conn -Device file -Value $s1 -Verbose -Debug"),
        Scenario.Fails("Get-VaultAuditHash", "Get-VaultAuditHash @conn -Device no-such-device -Value $s2 -Verbose -Debug"),
        Scenario.Ok("Get-VaultAuthMethod", "Get-VaultAuthMethod @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultAuthMethod", "Get-VaultAuthMethod -Address $sb.Address -Token $badTok -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultRequest", "Invoke-VaultRequest @conn POST sys/auth/approle -Body @{ type = 'approle' } -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultRequest", "Invoke-VaultRequest @conn POST auth/approle/role/adv -Body @{ token_policies = 'default' } -Verbose -Debug"),
        Scenario.Ok("Get-VaultAppRole", "Get-VaultAppRole @conn -RoleName adv -Verbose -Debug"),
        Scenario.Fails("Get-VaultAppRole", "Get-VaultAppRole @conn -RoleName no-such-role -Verbose -Debug"),
        Scenario.Ok("New-VaultAppRoleSecretId", "$global:sid = New-VaultAppRoleSecretId @conn -RoleName adv -Confirm:$false -Verbose -Debug; $sid"),
        Scenario.Fails("New-VaultAppRoleSecretId", "New-VaultAppRoleSecretId @conn -RoleName no-such-role -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Connect-VaultAppRole", "$global:login = Connect-VaultAppRole @conn -RoleName adv -SecretId $sid.SecretId -Verbose -Debug; $login"),
        Scenario.Fails("Connect-VaultAppRole", "Connect-VaultAppRole @conn -RoleName adv -SecretId $s3 -Verbose -Debug"),
        Scenario.Ok("Get-VaultToken", "$login | Get-VaultToken -Address $sb.Address -Verbose -Debug"),
        Scenario.Fails("Get-VaultToken", "Get-VaultToken @conn -Accessor no-such-accessor -Verbose -Debug"),
        Scenario.Ok("Get-VaultTokenAccessor", "Get-VaultTokenAccessor @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultTokenAccessor", "Get-VaultTokenAccessor -Address $sb.Address -Token $badTok -Verbose -Debug"),
        Scenario.Ok("Revoke-VaultToken", "$login | Revoke-VaultToken -Address $sb.Address -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Revoke-VaultToken", "Revoke-VaultToken @conn -Prefix '/' -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Revoke-VaultAppRoleSecretId", "Revoke-VaultAppRoleSecretId @conn -RoleName adv -SecretIdAccessor $sid.SecretIdAccessor -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Revoke-VaultAppRoleSecretId", "Revoke-VaultAppRoleSecretId @conn -RoleName no-such-role -SecretId $s3 -Confirm:$false -Verbose -Debug"),

        Scenario.Ok("Search-VaultAuditLog", "Search-VaultAuditLog -Path $auditLog -IncludeRaw -Verbose -Debug"),
        Scenario.Fails("Search-VaultAuditLog", "Search-VaultAuditLog -Path (Join-Path $work 'missing-audit.log') -Verbose -Debug"),

        Scenario.Ok("Set-VaultCanary", "Set-VaultCanary -ConfigPath $res.ConfigPath -Percent 100 -Mode Vault -Reason 'adversarial scan' -PassThru -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-VaultCanary", "Set-VaultCanary -ConfigPath $garbageRollout -Percent 10 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-VaultRollout", "Get-VaultRollout -ConfigPath $res.ConfigPath -Verbose -Debug"),
        Scenario.Fails("Get-VaultRollout", "Get-VaultRollout -ConfigPath $garbageRollout -Verbose -Debug"),
        Scenario.Ok("Get-RunbookSecret", "Get-RunbookSecret ADV_APP_PW, ADV_DB_PG @res -Verbose -Debug"),
        Scenario.Fails("Get-RunbookSecret", "Get-RunbookSecret ADV_NOT_MAPPED @res -Verbose -Debug"),
        Scenario.Fails("Get-RunbookSecret", "Get-RunbookSecret ADV_BAD_FIELD @res -Verbose -Debug"),
        Scenario.Ok("Start-VaultEnvProcess", "Start-VaultEnvProcess /bin/sh '-c', 'test -n \"$ADV_APP_PW\" && test -n \"$ADV_DB_PG\"' -Name ADV_APP_PW, ADV_DB_PG @res -Wait -Verbose -Debug | ForEach-Object { if ($_.ExitCode -ne 0) { throw \"the child exited with $($_.ExitCode)\" }; $_ }"),
        Scenario.Ok("Start-VaultEnvProcess", "Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -Name ADV_APP_PW @res -WhatIf -Verbose -Debug"),
        Scenario.Fails("Start-VaultEnvProcess", "Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -Name ADV_APP_PW, ADV_MISSING @res -Wait -Verbose -Debug"),
        Scenario.Ok("Clear-RunbookSecretCache", "Clear-RunbookSecretCache -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-SecretAccessStats", "Get-SecretAccessStats -StatsPath $res.StatsPath -Verbose -Debug"),
        Scenario.Fails("Get-SecretAccessStats", "Get-SecretAccessStats -StatsPath $work -Verbose -Debug"),
        Scenario.Ok("Test-VaultRolloutReadiness", "Test-VaultRolloutReadiness -ConfigPath $res.ConfigPath -StatsPath $res.StatsPath -Verbose -Debug"),
        Scenario.Fails("Test-VaultRolloutReadiness", "Test-VaultRolloutReadiness -ConfigPath $garbageRollout -StatsPath $res.StatsPath -Verbose -Debug"),
        Scenario.Ok("Step-VaultCanary", "Step-VaultCanary -ConfigPath $rolloutOps -StatsPath $res.StatsPath -Force -Reason 'adversarial step' -PassThru -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Step-VaultCanary", "Step-VaultCanary -ConfigPath $garbageRollout -StatsPath $res.StatsPath -Force -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Enable-KillSwitch", "Enable-KillSwitch -ConfigPath $rolloutOps -Reason 'adversarial drill' -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Enable-KillSwitch", "Enable-KillSwitch -ConfigPath $garbageRollout -Reason 'adversarial drill' -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Disable-KillSwitch", "Disable-KillSwitch -ConfigPath $rolloutOps -Reason 'adversarial drill over' -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Disable-KillSwitch", "Disable-KillSwitch -ConfigPath $garbageRollout -Confirm:$false -Verbose -Debug"),

        Scenario.Ok("Initialize-VaultTransit", "$global:tk = Initialize-VaultTransit @conn -KeyName adv-sign -Confirm:$false -Verbose -Debug; $tk"),
        Scenario.Fails("Initialize-VaultTransit", "Initialize-VaultTransit @conn -KeyName adv-sign -Mount secret -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("New-FallbackSigningKey", "New-FallbackSigningKey -Path $fbKey -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("New-FallbackSigningKey", "New-FallbackSigningKey -Path $fbKey -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultSign", "$global:sig = Invoke-VaultSign @conn -KeyName adv-sign -InputObject $c1 -FallbackKeyPath $fbKey -Verbose -Debug; $sig"),
        Scenario.Fails("Invoke-VaultSign", "Invoke-VaultSign @conn -KeyName no-such-key -InputObject $c2 -AllowFallback -FallbackKeyPath $fbKey -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultSign", "Invoke-VaultSign -Address $sb.Address -Token $badTok -KeyName adv-sign -InputObject $c2 -AllowFallback -FallbackKeyPath $fbKey -Verbose -Debug"),
        Scenario.Ok("Test-VaultSignature", "$sig | Test-VaultSignature -Token $tok -InputObject $c1 -FallbackKeyPath $fbKey -Verbose -Debug"),
        Scenario.Fails("Test-VaultSignature", "Test-VaultSignature @conn -Signature 'vault:v1:AAAA' -InputObject $c3 -Verbose -Debug"),
        Scenario.Ok("Enable-FallbackSigning", "Enable-FallbackSigning -ConfigPath $rolloutOps -Reason 'adversarial drill' -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Enable-FallbackSigning", "Enable-FallbackSigning -ConfigPath $garbageRollout -Reason 'adversarial drill' -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-FallbackSigningStatus", "Get-FallbackSigningStatus -ConfigPath $rolloutOps -FallbackKeyPath $fbKey -Verbose -Debug"),
        Scenario.Fails("Get-FallbackSigningStatus", "Get-FallbackSigningStatus -ConfigPath $garbageRollout -FallbackKeyPath $fbKey -Verbose -Debug"),

        Scenario.Ok("Add-VaultSandboxFault", "$sb | Add-VaultSandboxFault -Kind Status -StatusCode 500 -Verbose -Debug"),
        Scenario.Fails("Get-VaultSecret", "Get-VaultSecret @conn -Path adv/app -Verbose -Debug"),
        Scenario.Fails("Invoke-SecretRotation", "Invoke-SecretRotation @conn -Path adv/app -Data @{ password = $s5 } -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultSign", "$global:fsig = Invoke-VaultSign @conn -KeyName adv-sign -InputObject $c4 -FallbackKeyPath $fbKey -ConfigPath $rolloutOps -Verbose -Debug; $fsig"),
        Scenario.Ok("Test-VaultSignature", "$fsig | Test-VaultSignature -Token $tok -InputObject $c4 -FallbackKeyPath $fbKey -Verbose -Debug"),
        Scenario.Ok("Disable-FallbackSigning", "Disable-FallbackSigning -ConfigPath $rolloutOps -Reason 'adversarial drill over' -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Disable-FallbackSigning", "Disable-FallbackSigning -ConfigPath $garbageRollout -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultSign", "Invoke-VaultSign @conn -KeyName adv-sign -InputObject $c5 -FallbackKeyPath $fbKey -ConfigPath $rolloutOps -Verbose -Debug"),
        Scenario.Ok("Update-FallbackSigningKey", "Update-FallbackSigningKey -Path $fbKey -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Update-FallbackSigningKey", "Update-FallbackSigningKey -Path (Join-Path $work 'no-fallback.json') -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Add-VaultSandboxFault", "Add-VaultSandboxFault -InputObject $sb -Kind Status -StatusCode 42 -Verbose -Debug"),
        Scenario.Ok("Clear-VaultSandboxFault", "$sb | Clear-VaultSandboxFault -Verbose -Debug"),
        Scenario.Fails("Clear-VaultSandboxFault", "Clear-VaultSandboxFault -InputObject 'not-a-sandbox' -Verbose -Debug"),

        Scenario.Ok("Invoke-VaultSeal", "$sb | Invoke-VaultSeal -Token $tok -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultSeal", "Invoke-VaultSeal -Address $credAddress -Token $tok -TimeoutSec 2 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultUnseal", "$sb | Invoke-VaultUnseal -Key $share0, $bogusShare -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultUnseal", "$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -Reset -Verbose -Debug"),
        Scenario.Ok("Restart-VaultSandbox", "$sb | Restart-VaultSandbox -Verbose -Debug"),
        Scenario.Fails("Restart-VaultSandbox", "Restart-VaultSandbox -InputObject 'not-a-sandbox' -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultUnseal", "$sb | Invoke-VaultUnseal -Verbose -Debug") with { PromptedShares = 2 },
        Scenario.Ok("Invoke-VaultSeal", "Invoke-VaultSeal @conn -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultUnseal", "$sb | Invoke-VaultUnseal -Key $share0, $share1 -Verbose -Debug"),
        Scenario.Ok("Get-VaultSecret", "Get-VaultSecret @conn -Path adv/app -Version 1 -Verbose -Debug"),

        Scenario.Ok("Get-VaultRootTokenGeneration", "Get-VaultRootTokenGeneration @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultRootTokenGeneration", "Get-VaultRootTokenGeneration -Address $credAddress -Token $tok -TimeoutSec 2 -Verbose -Debug"),
        Scenario.Fails("Start-VaultRootTokenGeneration", "Start-VaultRootTokenGeneration @conn -Otp $s3 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Start-VaultRootTokenGeneration", "$global:rta = Start-VaultRootTokenGeneration @conn -Confirm:$false -Verbose -Debug; $rta"),
        Scenario.Fails("Submit-VaultRootTokenKey", "$rta | Submit-VaultRootTokenKey -Key $share0, $bogusShare -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Submit-VaultRootTokenKey", "$global:rtd = $rta | Submit-VaultRootTokenKey -Key $share0, $share1 -Confirm:$false -Verbose -Debug; $rtd"),
        Scenario.Ok("ConvertFrom-VaultEncodedRootToken", "$global:rtroot = $rtd | ConvertFrom-VaultEncodedRootToken -Verbose -Debug; $rtroot"),
        Scenario.Fails("ConvertFrom-VaultEncodedRootToken", "$rtd | ConvertFrom-VaultEncodedRootToken -Otp $s4 -Verbose -Debug"),
        Scenario.Ok("Stop-VaultRootTokenGeneration", "$null = Start-VaultRootTokenGeneration @conn -Confirm:$false; Stop-VaultRootTokenGeneration @conn -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Stop-VaultRootTokenGeneration", "Stop-VaultRootTokenGeneration -Address $credAddress -Token $tok -TimeoutSec 2 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultRootTokenGeneration", "Invoke-VaultRootTokenGeneration @conn -Key $share0, $bogusShare -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultRootTokenGeneration", "$global:rtroot = (Invoke-VaultRootTokenGeneration @conn -Key $share0, $share1 -Confirm:$false -Verbose -Debug).Token; $rtroot"),
        Scenario.Ok("Get-VaultMetric", "Get-VaultMetric @conn -Name vault_core_unsealed, vault_token_count -Verbose -Debug"),
        Scenario.Fails("Get-VaultMetric", "Get-VaultMetric -Address $sb.Address -Token $badTok -Verbose -Debug"),
        Scenario.Ok("Get-VaultAuditDevice", "Get-VaultAuditDevice @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultAuditDevice", "Get-VaultAuditDevice -Address $sb.Address -Token $badTok -Verbose -Debug"),
        Scenario.Ok("Save-VaultRaftSnapshot", "$global:snap = Save-VaultRaftSnapshot @conn -Path (Join-Path $work 'adv.snap') -Verbose -Debug; $snap"),
        Scenario.Fails("Save-VaultRaftSnapshot", "Save-VaultRaftSnapshot @conn -Path (Join-Path $work 'adv.snap') -Verbose -Debug"),
        Scenario.Fails("Save-VaultRaftSnapshot", "Save-VaultRaftSnapshot -Address $sb.Address -Token $badTok -Path (Join-Path $work 'adv-denied.snap') -Verbose -Debug"),
        Scenario.Ok("Restore-VaultRaftSnapshot", "$snap | Restore-VaultRaftSnapshot -Token $tok -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Restore-VaultRaftSnapshot", "Restore-VaultRaftSnapshot -Address $sb.Address -Token $badTok -Path $snap.Path -Force -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Restore-VaultRaftSnapshot", "Restore-VaultRaftSnapshot @conn -Path $auditLog -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-VaultRaftConfiguration", "Get-VaultRaftConfiguration @conn -Verbose -Debug"),
        Scenario.Fails("Get-VaultRaftConfiguration", "Get-VaultRaftConfiguration -Address $sb.Address -Token $badTok -Verbose -Debug"),

        Scenario.Ok("Get-VaultLeader", "$global:cl = Start-VaultSandbox -Nodes 2 -Shares 2 -Threshold 2 -DataPath (Join-Path $work 'cluster'); $cl | ForEach-Object { $_ | Invoke-VaultUnseal -KeyFile $_.KeyFile } | Out-Null; $global:cltok = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($cl[0].RootTokenPath).Trim()).SecurePassword; Get-VaultLeader -Address $cl -Verbose -Debug"),
        Scenario.Fails("Get-VaultLeader", "Get-VaultLeader -Address $credAddress -Token $tok -TimeoutSec 2 -Verbose -Debug"),
        Scenario.Ok("Get-VaultHAStatus", "Get-VaultHAStatus -Address $cl[1] -Token $cltok -Verbose -Debug"),
        Scenario.Fails("Get-VaultHAStatus", "Get-VaultHAStatus -Address $cl[1] -Token $badTok -Verbose -Debug"),
        Scenario.Ok("Invoke-VaultStepDown", "$cl[1] | Invoke-VaultStepDown -Token $cltok -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-VaultStepDown", "$cl[0] | Invoke-VaultStepDown -Token $badTok -Confirm:$false -Verbose -Debug; $cl | Stop-VaultSandbox -Confirm:$false | Out-Null"),

        Scenario.Ok("Get-K8sWorkloadHealth", "Get-K8sWorkloadHealth -KubeConfig $kubeconfig -Namespace adv -Verbose -Debug"),
        Scenario.Fails("Get-K8sWorkloadHealth", "Get-K8sWorkloadHealth -KubeConfig $badKubeconfig -Namespace adv -Verbose -Debug"),
        Scenario.Ok("Restart-K8sDeployment", "$rot | Restart-K8sDeployment -KubeConfig $kubeconfig -Namespace adv -Name api -Wait -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Restart-K8sDeployment", "Restart-K8sDeployment -KubeConfig $kubeconfig -Namespace adv -Name frozen -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Set-K8sDeploymentScale", "Set-K8sDeploymentScale -KubeConfig $kubeconfig -Namespace adv -Name api -Replicas 3 -Wait -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-K8sDeploymentScale", "Set-K8sDeploymentScale -KubeConfig $badKubeconfig -Namespace adv -Name api -Replicas 3 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Undo-K8sDeploymentRollout", "Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Namespace adv -Name api -Wait -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Undo-K8sDeploymentRollout", "Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Namespace adv -Name api -ToRevision 99 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-K8sPodLog", "Get-K8sPodLog -KubeConfig $kubeconfig -Namespace adv -Name adv-web -Tail 5 -Timestamps -Verbose -Debug"),
        Scenario.Fails("Get-K8sPodLog", "Get-K8sPodLog -KubeConfig $badKubeconfig -Namespace adv -Name adv-web -Verbose -Debug"),
        Scenario.Ok("Set-K8sPodIsolation", "Set-K8sPodIsolation -KubeConfig $kubeconfig -Namespace adv -Name adv-web -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-K8sPodIsolation", "Set-K8sPodIsolation -KubeConfig $badKubeconfig -Namespace adv -Name adv-web -Undo -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Save-K8sIncidentEvidence", "Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Namespace adv -Selector app=adv-web -Path (Join-Path $work 'k8s-evidence') -Verbose -Debug"),
        Scenario.Fails("Save-K8sIncidentEvidence", "Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Namespace adv -Name adv-web -Path $work -Verbose -Debug"),
        Scenario.Ok("Backup-K8sNamespaceConfig", "Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace adv -Path (Join-Path $work 'k8s-backup') -IncludeSecrets -Key $k8sKey -Verbose -Debug"),
        Scenario.Fails("Backup-K8sNamespaceConfig", "Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace adv -Path (Join-Path $work 'k8s-backup-2') -IncludeSecrets -Key $s3 -Verbose -Debug"),
        Scenario.Ok("Restore-K8sNamespaceConfig", "Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path (Join-Path $work 'k8s-backup') -Namespace adv-restored -Key $k8sKey -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Restore-K8sNamespaceConfig", "Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path (Join-Path $work 'k8s-backup') -Namespace adv-restored -Key $k8sWrongKey -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Invoke-K8sSecretRotation", "Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace adv -Deployment api -SecretName api-jwt -Key no-such-key -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Invoke-K8sSecretRotation", "Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace adv -Deployment api -SecretName api-jwt -Key signing-key -TimeoutSec 120 -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Set-K8sCanaryWeight", "Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace adv -Name api -CanaryPercent 50 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Set-K8sCanaryWeight", "Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace adv -Name no-such-service -CanaryPercent 50 -Confirm:$false -Verbose -Debug"),

        Scenario.Ok("Get-VaultStorageSnapshot", "Get-VaultStorageSnapshot -DBInstanceIdentifier vault-storage -EndpointUrl $rdsUrl -Verbose -Debug"),
        Scenario.Fails("Get-VaultStorageSnapshot", "Get-VaultStorageSnapshot -DBInstanceIdentifier no-such-instance -EndpointUrl $rdsUrl -Verbose -Debug"),
        Scenario.Ok("New-VaultStorageSnapshot", "New-VaultStorageSnapshot vault-storage -EndpointUrl $rdsUrl -Wait -PollIntervalSec 0 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("New-VaultStorageSnapshot", "New-VaultStorageSnapshot no-such-instance -EndpointUrl $rdsUrl -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Restore-VaultStorageToPointInTime", "Restore-VaultStorageToPointInTime vault-storage vault-storage-pitr -UseLatestRestorableTime -EndpointUrl $rdsUrl -Wait -PollIntervalSec 0 -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Restore-VaultStorageToPointInTime", "Restore-VaultStorageToPointInTime vault-storage vault-storage-pitr -UseLatestRestorableTime -EndpointUrl $rdsUrl -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Test-VaultAutoUnseal", "Test-VaultAutoUnseal @conn -KeyId alias/vault-unseal -EndpointUrl $kmsUrl -Verbose -Debug"),
        Scenario.Fails("Test-VaultAutoUnseal", "Test-VaultAutoUnseal @conn -KeyId alias/vault-unseal -EndpointUrl 'ftp://kms.example' -Verbose -Debug"),

        // The webhook's path is a canary (a Slack URL's path is its token); the sandbox, faulted to answer 200, stands in for the webhook.
        Scenario.Ok("Send-RunbookNotification", "$global:nh = $sb | Get-VaultHealth; $global:ns = Get-VaultSecret @conn -Path adv/app; $null = $sb | Add-VaultSandboxFault -Kind Status -StatusCode 200; try { $nh, $rot, $ns | Send-RunbookNotification -WebhookUri \"$($sb.Address)/services/$c2\" -Channel '#adv' -Verbose -Debug } finally { $null = $sb | Clear-VaultSandboxFault }"),
        Scenario.Ok("Send-RunbookNotification", "$nh, $rot, $ns | Send-RunbookNotification -WebhookUri \"$($sb.Address)/services/$c3\" -WhatIf -Verbose -Debug"),
        Scenario.Fails("Send-RunbookNotification", "$nh | Send-RunbookNotification -WebhookUri \"$($sb.Address)/services/$c4\" -Verbose -Debug"),
        Scenario.Fails("Send-RunbookNotification", "$nh | Send-RunbookNotification -WebhookUri \"http://hooks.adv.example/services/$c5\" -Verbose -Debug"),
        Scenario.Ok("Export-RunbookMetrics", "@($sb | Get-VaultHealth; Get-VaultRollout -ConfigPath $res.ConfigPath; $rot) | Export-RunbookMetrics -Path (Join-Path $work 'adv.prom') -Verbose -Debug"),
        Scenario.Fails("Export-RunbookMetrics", "$sb | Get-VaultHealth | Export-RunbookMetrics -Path $work -Verbose -Debug"),
        // A log outside $work (the run's files are scanned for the canaries too) holding a token made of a canary.
        Scenario.Ok("Find-RunbookSecretLeak", "$log = Join-Path ([IO.Path]::GetTempPath()) \"adv-leak-$([guid]::NewGuid()).log\"; \"auth ok token=hvs.$c1\" | Set-Content $log; try { Find-RunbookSecretLeak -Path $log, $journal -Verbose -Debug } finally { Remove-Item $log }"),
        Scenario.Fails("Find-RunbookSecretLeak", "Find-RunbookSecretLeak -Path (Join-Path $work 'no-such.log') -Verbose -Debug"),

        Scenario.Ok("Get-VaultActionLog", "Get-VaultActionLog -Verbose -Debug"),
        Scenario.Ok("Get-VaultActionLog", "Get-VaultActionLog -Path $journal -Last 5 -Verbose -Debug"),
        Scenario.Fails("Get-VaultActionLog", "Get-VaultActionLog -Path $work -Verbose -Debug"),

        // Incidents: the root token, a canary, a SecureString and a login token are piped in and typed into the title
        // and a note; neither the incident file nor the reports may hold them (every file under $work is scanned).
        Scenario.Ok("New-RunbookIncident", "$global:incs = Join-Path $work 'incidents'; $global:inc = New-RunbookIncident -Title \"vault down, used $([System.Net.NetworkCredential]::new('', $tok).Password)\" -Severity 2 -Path $incs -Confirm:$false -Verbose -Debug; $inc"),
        Scenario.Fails("New-RunbookIncident", "New-RunbookIncident -Title 'folder is a file' -Severity 2 -Path $auditLog -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Add-RunbookIncidentEntry", "$plain = [System.Net.NetworkCredential]::new('', $tok).Password; $sb, $rot, $sig, $login, [pscustomobject]@{ Step = 'login'; Note = $plain; Password = $c1; Pin = $s2 }, [System.Management.Automation.ErrorRecord]::new([InvalidOperationException]::new(\"login with $plain failed\"), 'Adv.Planted', 'PermissionDenied', $plain) | Add-RunbookIncidentEntry -Incident $inc -Path $incs -Note \"rotated $plain\" -Milestone Mitigated -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Add-RunbookIncidentEntry", "Add-RunbookIncidentEntry -Id INC-20261205-000000 -Path $incs -Note 'no such incident' -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Get-RunbookIncident", "Get-RunbookIncident -Path $incs -Verbose -Debug"),
        Scenario.Fails("Get-RunbookIncident", "Get-RunbookIncident -Id INC-20261205-000000 -Path $incs -Verbose -Debug"),
        Scenario.Ok("Close-RunbookIncident", "$global:incClosed = $inc | Close-RunbookIncident @conn -Path $incs -RolloutConfigPath $rolloutOps -Confirmed RootTokenRevoked -Force -Confirm:$false -Verbose -Debug; $incClosed"),
        Scenario.Fails("Close-RunbookIncident", "$inc | Close-RunbookIncident @conn -Path $incs -RolloutConfigPath $rolloutOps -Force -Confirm:$false -Verbose -Debug"),
        Scenario.Ok("Export-RunbookIncidentReport", "$inc | Export-RunbookIncidentReport -Format Markdown, Html, Json -Path (Join-Path $work 'docs') -IncidentFolder $incs -Confirm:$false -Verbose -Debug"),
        Scenario.Fails("Export-RunbookIncidentReport", "$inc | Export-RunbookIncidentReport -Format Html -Path (Join-Path $work 'docs') -IncidentFolder $incs -Confirm:$false -Verbose -Debug"),
    ];

    [Fact]
    public void No_secret_reaches_any_stream_error_journal_or_file_of_any_cmdlet()
    {
        var (secrets, shares) = Setup();
        var exported = Session.Run("Get-Command -Module VaultRunbook -CommandType Cmdlet, Function | ForEach-Object Name").Output.Select(o => o.ToString()).ToList();
        Assert.True(exported.Count >= 26, $"the module exports {exported.Count} commands");
        var scenarios = Scenarios();
        var uncovered = exported
            .Where(name => !scenarios.Any(s => s.Cmdlet == name && !s.ExpectError) || (!scenarios.Any(s => s.Cmdlet == name && s.ExpectError) && !NoErrorPath.Contains(name)))
            .ToList();
        var unknown = scenarios.Select(s => s.Cmdlet).Distinct().Where(name => !exported.Contains(name)).ToList();

        var problems = new List<string>();
        var texts = new List<(string Where, string Text)>();
        foreach (var scenario in scenarios)
        {
            Session.Host.SecretAnswers.Clear();
            shares.Take(scenario.PromptedShares).ToList().ForEach(Session.Host.SecretAnswers.Enqueue);
            var result = Session.Run(scenario.Script, verboseAndDebug: true);
            var failed = result.Errors.Count > 0 || result.Terminating is not null;
            if (failed != scenario.ExpectError)
            {
                problems.Add($"{scenario}: expected {(scenario.ExpectError ? "an error" : "no error")}; {result.Describe()}");
            }

            texts.Add((scenario.ToString(), StreamText.Of(result) + Rendered(result)));
            if (scenario.Cmdlet == "Invoke-SecretRotation" && scenario.Script.Contains("-Generate pg", StringComparison.Ordinal))
            {
                // The generated value is a secret too: read it back (outside the scan) and look for it everywhere.
                var generated = Session.Run("(Get-VaultSecret @conn -Path adv/db -AsPlainText).Data.pg");
                secrets.Add("generated pg value", Assert.Single(generated.Output).ToString());
            }

            // A secret-id and a login token are secrets too, from the moment they exist.
            if (scenario.Script.StartsWith("$global:sid =", StringComparison.Ordinal) && !failed)
            {
                secrets.Add("secret-id", Assert.Single(Session.Run("[System.Net.NetworkCredential]::new('', $sid.SecretId).Password").Output).ToString());
            }

            // A root token generation's OTP and the root tokens it makes are secrets too.
            if (scenario.Script.StartsWith("$global:rta =", StringComparison.Ordinal) && !failed)
            {
                secrets.Add("root generation OTP", Assert.Single(Session.Run("[System.Net.NetworkCredential]::new('', $rta.Otp).Password").Output).ToString());
            }

            if (scenario.Script.StartsWith("$global:rtroot =", StringComparison.Ordinal) && !failed)
            {
                secrets.Add($"regenerated root token ({scenario.Cmdlet})", Assert.Single(Session.Run("[System.Net.NetworkCredential]::new('', $rtroot).Password").Output).ToString());
            }

            // A sandbox cluster's root token and unseal shares are secrets too.
            if (scenario.Script.StartsWith("$global:cl =", StringComparison.Ordinal) && !failed)
            {
                secrets.Add("cluster root token", Assert.Single(Session.Run("[System.IO.File]::ReadAllText($cl[0].RootTokenPath).Trim()").Output).ToString());
                var clusterShares = Session.Run("Get-Content $cl[0].UnsealKeysPath | Where-Object { $_ -and -not $_.StartsWith('#') }").Output;
                for (var i = 0; i < clusterShares.Count; i++)
                {
                    secrets.AddShare($"cluster unseal share {i}", clusterShares[i].ToString());
                }
            }

            // The fallback signing key's private half is a secret too, each version of it.
            if (scenario.Cmdlet is "New-FallbackSigningKey" or "Update-FallbackSigningKey" && !failed)
            {
                var pem = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Work, "vault-fallback.json")))!["private_key"]!.GetValue<string>();
                var body = string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
                secrets.Add($"fallback private key ({scenario.Cmdlet})", body[^40..]);
            }

            // A rotated Kubernetes Secret's new value is a secret too, as the API holds it (base64) and decoded.
            if (scenario.Cmdlet == "Invoke-K8sSecretRotation" && !failed)
            {
                var rotated = _kube.List("Secret", "adv").Single(o => o["metadata"]!["name"]!.GetValue<string>().StartsWith("api-jwt-", StringComparison.Ordinal));
                var encoded = rotated["data"]!["signing-key"]!.GetValue<string>();
                secrets.Add("rotated Kubernetes Secret value (base64)", encoded);
                secrets.Add("rotated Kubernetes Secret value", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            }

            if (scenario.Script.StartsWith("$global:login =", StringComparison.Ordinal) && !failed)
            {
                secrets.Add("AppRole login token", Assert.Single(Session.Run("[System.Net.NetworkCredential]::new('', $login.Token).Password").Output).ToString());
            }
        }

        var files = WrittenFiles();
        foreach (var file in files)
        {
            texts.Add(($"file {file}", File.ReadAllText(file)));
        }

        var leaks = texts.SelectMany(t => secrets.FoundIn(t.Text).Select(secret => $"{secret} in {t.Where}")).ToList();
        var cmdlets = scenarios.Select(s => s.Cmdlet).Distinct().Count(exported.Contains);
        AdversarialSummary.Record("cmdlets scanned for leaks", cmdlets);
        AdversarialSummary.Record("paths scanned", scenarios.Count);
        AdversarialSummary.Record("files scanned", files.Count);
        AdversarialSummary.Record("leaks", leaks.Count);
        leaks.ForEach(l => AdversarialSummary.Finding("leak: " + l));
        uncovered.ForEach(c => AdversarialSummary.Finding($"no leak scenario (success and error path) for {c}"));
        problems.ForEach(p => AdversarialSummary.Finding("leak scan path: " + p));
        Output.WriteLine($"summary: {AdversarialSummary.FilePath}");
        Output.WriteLine($"{cmdlets} cmdlets, {scenarios.Count} paths, {files.Count} files, {secrets.Count} secrets looked for");

        Assert.True(uncovered.Count == 0, "Cmdlets without a success and an error path in LeakScanTests.Scenarios: " + string.Join(", ", uncovered));
        Assert.True(unknown.Count == 0, "Scenarios name cmdlets the module does not export: " + string.Join(", ", unknown));
        Assert.True(problems.Count == 0, "Paths that did not go as planned (the scan would check nothing):\n" + string.Join("\n", problems));

        // Controls (after the paths, whose failure would make them fail for another reason): the scan finds a value
        // where one was asked for (-AsPlainText), the root token in its own file, the fallback key in its own.
        var asked = Session.Run("Get-VaultSecret @conn -Path adv/app -AsPlainText");
        Assert.Contains("canary value 1", secrets.FoundIn(StreamText.Of(asked) + Rendered(asked)));
        Assert.Contains("root token", secrets.FoundIn(File.ReadAllText(Path.Combine(Work, "sandbox", "root-token"))));
        Assert.Contains("fallback private key (Update-FallbackSigningKey)", secrets.FoundIn(File.ReadAllText(Path.Combine(Work, "vault-fallback.json"))));
        Assert.True(leaks.Count == 0, "Secrets leaked:\n" + string.Join("\n", leaks));
        Assert.True(cmdlets >= 26 && scenarios.Count >= 2 * cmdlets, $"only {cmdlets} cmdlets and {scenarios.Count} paths were scanned");
        Assert.Contains(files, f => f == Path.Combine(Work, "journal", "actions.jsonl"));
        Assert.Contains(files, f => f == Path.Combine(Work, "audit", "vault-audit.log"));
        Assert.Contains(files, f => Path.GetDirectoryName(f) == Path.Combine(Work, "incidents") && f.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Equal(3, files.Count(f => Path.GetDirectoryName(f) == Path.Combine(Work, "docs")));
    }

    /// <summary>Starts and unseals the sandbox, writes the scan's files and variables; gives the secrets to look for and the shares.</summary>
    private (SecretSet Secrets, IReadOnlyList<string> Shares) Setup()
    {
        // The AWS rows: the fakes verify every signature; the secret key and a session token are secrets to look for.
        var sessionToken = $"IQoJb3JpZ2luX2VjEXAMPLE{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", VaultRunbook.FakeAws.FakeCredentials.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", VaultRunbook.FakeAws.FakeCredentials.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", sessionToken);
        Environment.SetEnvironmentVariable("AWS_REGION", VaultRunbook.FakeAws.FakeCredentials.Region);
        _rds.AddInstance("vault-storage");
        _kms.AddKey("alias/vault-unseal");
        var canaries = Enumerable.Range(1, 5).Select(i => $"canary{i}-{Guid.NewGuid():N}").ToArray();
        var userInfoPassword = $"uipw{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(Work, "audit"));
        var map = Path.Combine(Work, "secrets.json");
        File.WriteAllText(map, """
            { "ADV_APP_PW": { "mount": "secret", "path": "adv/app", "field": "password" },
              "ADV_DB_PG": "secret/adv/db#pg",
              "ADV_BAD_FIELD": "secret/adv/app#no_such_field",
              "ADV_MISSING": "secret/adv/nothing#x" }
            """);
        var garbageRollout = Path.Combine(Work, "garbage-rollout.json");
        File.WriteAllText(garbageRollout, "{ \"mode\": \"vault\", \"canary_percent\": ");
        var variables = new Hashtable
        {
            ["work"] = Work,
            ["map"] = map,
            ["garbageRollout"] = garbageRollout,
            ["rolloutOps"] = Path.Combine(Work, "rollout-ops.json"),
            ["fbKey"] = Path.Combine(Work, "vault-fallback.json"),
            ["auditLog"] = Path.Combine(Work, "audit", "vault-audit.log"),
            ["journal"] = Path.Combine(Work, "journal", "actions.jsonl"),
            ["credAddress"] = $"http://adv-user:{userInfoPassword}@127.0.0.1:1",
            ["kubeconfig"] = _kube.WriteKubeconfig(Path.Combine(Work, "kubeconfig"), "adv"),
            ["badKubeconfig"] = Path.Combine(Work, "bad-kubeconfig"),
            ["rdsUrl"] = _rds.Endpoint.ToString(),
            ["kmsUrl"] = _kms.Endpoint.ToString(),
        };
        var badKubeToken = $"kubetok{Guid.NewGuid():N}";
        File.WriteAllText((string)variables["badKubeconfig"]!, File.ReadAllText((string)variables["kubeconfig"]!).Replace(_kube.Token, badKubeToken, StringComparison.Ordinal));
        _kube.AddDeployment("adv", "api", replicas: 2);
        _kube.AddDeployment("adv", "frozen", replicas: 1, paused: true);
        _kube.AddService("adv", "api");
        // A pod whose environment holds a canary as a literal value: evidence must redact it.
        _kube.AddPod("adv", "adv-web", new Hashtable { ["app"] = "adv-web" }, "app");
        _kube.Update("Pod", "adv", "adv-web", pod => pod["spec"]!["containers"]![0]!["env"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "DB_PASSWORD", ["value"] = canaries[0] }));
        _kube.AddLogLines("adv", "adv-web", "app", ["GET /health 200", "authentication_failed user=adv"]);
        // A Kubernetes Secret the api deployment reads (envFrom), a ConfigMap, a VirtualService, and the backup's keys.
        var k8sValue = $"k8sjwt{Guid.NewGuid():N}";
        _kube.AddSecret("adv", "api-jwt", new Dictionary<string, string> { ["signing-key"] = k8sValue, ["issuer"] = "adv-runbook" });
        _kube.AddConfigMap("adv", "settings", new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" });
        _kube.AddVirtualService("adv", "api", ("stable", 90), ("canary", 10));
        _kube.AddNamespace("adv-restored");
        _kube.Update("Deployment", "adv", "api", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["envFrom"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["secretRef"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "api-jwt" } }));
        var k8sKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        variables["k8sKey"] = k8sKey;
        variables["k8sWrongKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        for (var i = 0; i < canaries.Length; i++)
        {
            variables[$"c{i + 1}"] = canaries[i];
        }

        var setup = Session.Run("""
            $ErrorActionPreference = 'Stop'
            $global:VaultRunbookJournalPath = $journal
            # -Debug makes a warning ask Continue/Halt (pwsh's own behaviour); the scan wants the warning in its stream.
            $global:PSDefaultParameterValues = @{ '*:WarningAction' = 'Continue' }
            foreach ($i in 1..5) { Set-Variable -Scope Global -Name "s$i" -Value (ConvertTo-SecureString (Get-Variable "c$i" -ValueOnly) -AsPlainText -Force) }
            $global:sb = Start-VaultSandbox -Shares 3 -Threshold 2 -DataPath (Join-Path $work 'sandbox')
            $global:tok = ConvertTo-SecureString ([IO.File]::ReadAllText($sb.RootTokenPath).Trim()) -AsPlainText -Force
            $global:badTok = ConvertTo-SecureString 'hvs.not-a-token-of-this-vault' -AsPlainText -Force
            $global:conn = @{ Address = $sb.Address; Token = $tok }
            $shares = @(Get-Content $sb.UnsealKeysPath | Where-Object { $_ -and -not $_.StartsWith('#') })
            $global:share0 = ConvertTo-SecureString $shares[0] -AsPlainText -Force
            $global:share1 = ConvertTo-SecureString $shares[1] -AsPlainText -Force
            $global:bogusShare = ConvertTo-SecureString ([Convert]::ToBase64String([byte[]]::new(33))) -AsPlainText -Force
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            Invoke-VaultRequest @conn PUT sys/audit/file -Body @{ type = 'file'; options = @{ file_path = $auditLog } } | Out-Null
            $global:res = @{ SecretMap = $map; ConfigPath = (Join-Path $work 'rollout-resolver.json'); StatsPath = (Join-Path $work 'access-stats.json'); Address = $sb.Address; Token = $tok }
            $sb
            """, variables);
        Assert.True(setup.Errors.Count == 0 && setup.Terminating is null, "setup failed: " + setup.Describe());

        var secrets = new SecretSet();
        secrets.Add("root token", File.ReadAllText((string)setup.Property(0, "RootTokenPath")!).Trim());
        var shares = File.ReadAllLines((string)setup.Property(0, "UnsealKeysPath")!).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(3, shares.Count);
        for (var i = 0; i < shares.Count; i++)
        {
            secrets.AddShare($"unseal share {i + 1}", shares[i]);
        }

        for (var i = 0; i < canaries.Length; i++)
        {
            secrets.Add($"canary value {i + 1}", canaries[i]);
        }

        secrets.Add("password in an address's userinfo", userInfoPassword);
        secrets.Add("Kubernetes bearer token", _kube.Token);
        secrets.Add("wrong Kubernetes bearer token", badKubeToken);
        secrets.Add("Kubernetes Secret value", k8sValue);
        secrets.Add("Kubernetes Secret value (base64)", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(k8sValue)));
        secrets.Add("Kubernetes backup key", k8sKey);
        secrets.Add("AWS secret access key", VaultRunbook.FakeAws.FakeCredentials.SecretAccessKey);
        secrets.Add("AWS session token", sessionToken);
        return (secrets, shares);
    }

    /// <summary>The output objects as a user sees them: Format-List of every property, and JSON two levels deep.</summary>
    private string Rendered(ScriptResult result)
    {
        if (result.Output.Count == 0)
        {
            return string.Empty;
        }

        var rendered = Session.Run(
            "$__o | Format-List * -Force | Out-String -Width 400; try { $__o | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue } catch { }",
            new Hashtable { ["__o"] = result.Output.ToArray() });
        return string.Join("\n", rendered.Output.Select(o => o.ToString()));
    }

    /// <summary>Every file the run wrote, but those asked to hold secrets: a sandbox's shares and root token, the fallback signing key, the kubeconfigs' tokens.</summary>
    private List<string> WrittenFiles() =>
        Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("unseal-keys.txt" or "root-token" or "vault-fallback.json" or "kubeconfig" or "bad-kubeconfig"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
