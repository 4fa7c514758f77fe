# Pester 5 scenario for the Kubernetes runbook's backup-and-recovery and canary steps: the namespace's configuration
# is backed up (Secrets sealed with the operator's key), lost, and restored; a wrong key restores nothing; then the
# canary's traffic goes from 10% to 50%. kubectl (the independent client) reads every change back. Runs under real
# Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests) against the fake Kubernetes API server (tests/peers/VaultRunbook.FakeKube).

Describe 'Kubernetes runbook: configuration backup and recovery, canary traffic' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        . ([System.IO.Path]::Combine($PSScriptRoot, 'Start-FakeKube.ps1')) -Name k8s-recovery
        function New-Map([hashtable] $values) {
            $map = [System.Collections.Generic.Dictionary[string, string]]::new()
            foreach ($key in $values.Keys) { $map[$key] = $values[$key] }
            , $map
        }

        $jwt = 'jwt-' + [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(16))
        $null = $cluster.AddConfigMap('app', 'settings', (New-Map @{ LOG_LEVEL = 'info'; FEATURE_CHECKOUT = 'on' }))
        $null = $cluster.AddSecret('app', 'api-jwt', (New-Map @{ 'signing-key' = $jwt }), 'Opaque')
        $null = $cluster.AddNamespace('app-dr')

        # The operator's key: openssl rand -base64 32 > backup.key; chmod 600 backup.key
        $keyFile = Join-Path $work 'backup.key'
        [System.IO.File]::WriteAllText($keyFile, [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)))
        [System.IO.File]::SetUnixFileMode($keyFile, [System.IO.UnixFileMode]'UserRead, UserWrite')
        $otherKey = Join-Path $work 'other.key'
        [System.IO.File]::WriteAllText($otherKey, [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)))
        [System.IO.File]::SetUnixFileMode($otherKey, [System.IO.UnixFileMode]'UserRead, UserWrite')
        $backupPath = Join-Path $work 'app-config'
    }

    AfterAll {
        if ($cluster) { $cluster.Dispose() }
        if ($work) { Remove-Item -Recurse -Force $work -ErrorAction Ignore }
    }

    It 'backs up the ConfigMaps in clear and the Secrets sealed, with no secret value on disk' {
        $backup = Backup-K8sNamespaceConfig -Namespace app -Path $backupPath -IncludeSecrets -KeyFile $keyFile
        $backup.ConfigMaps | Should -Be 1
        $backup.Secrets | Should -Be 1
        $backup.Files | Should -Be @('backup.json', 'configmap-settings.yaml', 'secret-api-jwt.sealed.yaml')
        Get-Content (Join-Path $backupPath 'configmap-settings.yaml') -Raw | Should -Match 'LOG_LEVEL: info'
        $base64 = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($jwt))
        foreach ($file in Get-ChildItem $backupPath) {
            $text = Get-Content $file.FullName -Raw
            $text | Should -Not -Match ([regex]::Escape($jwt))
            $text | Should -Not -Match ([regex]::Escape($base64.TrimEnd('=')))
        }
    }

    It 'refuses to overwrite the backup' {
        { Backup-K8sNamespaceConfig -Namespace app -Path $backupPath -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.K8s.BackupExists,*'
    }

    It 'restores nothing with the wrong key' {
        Invoke-Kubectl delete configmap settings -n app | Out-Null
        Invoke-Kubectl delete secret api-jwt -n app | Out-Null
        { Restore-K8sNamespaceConfig -Path $backupPath -KeyFile $otherKey -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.K8s.BackupWrongKey,*'
        (Invoke-Kubectl get 'cm,secret' -n app -o json | ConvertFrom-Json).items | Should -BeNullOrEmpty
    }

    It 'lists what it would restore with -WhatIf and changes nothing' {
        Restore-K8sNamespaceConfig -Path $backupPath -KeyFile $keyFile -WhatIf | Should -BeNullOrEmpty
        (Invoke-Kubectl get 'cm,secret' -n app -o json | ConvertFrom-Json).items | Should -BeNullOrEmpty
    }

    It 'restores the lost ConfigMap and Secret, and kubectl reads the same values back' {
        $restored = Restore-K8sNamespaceConfig -Path $backupPath -KeyFile $keyFile -Confirm:$false
        $restored | ForEach-Object { "$($_.Kind)/$($_.Name)=$($_.Action)" } | Sort-Object | Should -Be @('ConfigMap/settings=Created', 'Secret/api-jwt=Created')
        Invoke-Kubectl get configmap settings -n app -o 'jsonpath={.data.FEATURE_CHECKOUT}' | Should -Be 'on'
        $value = Invoke-Kubectl get secret api-jwt -n app -o 'jsonpath={.data.signing-key}'
        [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($value)) | Should -Be $jwt
        $journal = Get-VaultActionLog -Action K8sConfigRestore
        $journal.Outcome | Should -Be @('Failed', 'Created', 'Created')
        $journal[0].ErrorId | Should -Be 'VaultRunbook.K8s.BackupWrongKey'
    }

    It 'copies the configuration into the disaster-recovery namespace through the pipeline' {
        $copied = Get-Item $backupPath | Restore-K8sNamespaceConfig -Namespace app-dr -KeyFile $keyFile -Confirm:$false
        $copied.Action | Should -Be @('Created', 'Created')
        Invoke-Kubectl get configmap settings -n app-dr -o 'jsonpath={.data.LOG_LEVEL}' | Should -Be 'info'
    }

    It 'moves the canary from 10% to 50% of the traffic, and kubectl reads the weights back' {
        $manifest = Join-Path $work 'virtualservice.yaml'
        Set-Content -Path $manifest -Value @'
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: api
  namespace: app
spec:
  hosts:
  - api.app.svc.cluster.local
  http:
  - route:
    - destination:
        host: api.app.svc.cluster.local
        subset: stable
      weight: 90
    - destination:
        host: api.app.svc.cluster.local
        subset: canary
      weight: 10
'@
        Invoke-Kubectl create --validate=false -f $manifest | Out-Null
        Set-K8sCanaryWeight -Namespace app -Name api -CanaryPercent 50 -WhatIf | Should -BeNullOrEmpty
        Invoke-Kubectl get virtualservice api -n app -o 'jsonpath={.spec.http[0].route[*].weight}' | Should -Be '90 10'

        $step = Set-K8sCanaryWeight -Namespace app -Name api -CanaryPercent 50
        $step.PreviousStable, $step.PreviousCanary, $step.StableWeight, $step.CanaryWeight | Should -Be @(90, 10, 50, 50)
        Invoke-Kubectl get virtualservice api -n app -o 'jsonpath={.spec.http[0].route[*].weight}' | Should -Be '50 50'
        (Get-VaultActionLog -Action K8sCanaryWeight).Message | Should -Be 'stable 90 -> 50, canary 10 -> 50'
    }
}
