# Pester 5 scenario for the Kubernetes runbook's Severity 2 path, "single service degraded": the health check finds
# the degraded deployment, the CI gate fails, the deployment is restarted and followed, and the check passes again,
# with kubectl (the independent client) agreeing. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests)
# against the fake Kubernetes API server (tests/peers/VaultRunbook.FakeKube).

Describe 'Kubernetes incident runbook: Severity 2, single service degraded' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        . ([System.IO.Path]::Combine($PSScriptRoot, 'Start-FakeKube.ps1')) -Name k8s-incident -Namespace app
        $null = $cluster.AddDeployment('app', 'api', 3, 'registry.example.com/api:4.2.0', @{ 'prometheus.io/scrape' = 'true' }, $false)
        $null = $cluster.AddDeployment('app', 'worker', 1, '', $null, $false)
        $null = $cluster.AddService('app', 'api', '', 80)
        $null = $cluster.AddService('app', 'worker', '', 80)
        $null = $cluster.AddIngress('app', 'public', 'api.example.com', 'api', 80)
        $null = $cluster.AddHorizontalPodAutoscaler('app', 'api', 'api', 3, 10, 3, 3)
        # The incident: the api pods run out of memory and crash-loop; worker is fine.
        $cluster.BreakPods('app', 'api', 12)
    }

    AfterAll {
        if ($cluster) { $cluster.Dispose() }
        if ($work) { Remove-Item -Recurse -Force $work -ErrorAction Ignore }
    }

    It 'detects the degraded service: OOMKilled pods in CrashLoopBackOff, no endpoints behind the ingress' {
        $health = Get-K8sWorkloadHealth -Namespace app
        $health.Healthy | Should -BeFalse
        $api = $health.Deployments | Where-Object Name -eq api
        $api.Available | Should -Be 0
        $api.Desired | Should -Be 3
        ($health.Deployments | Where-Object Name -eq worker).Healthy | Should -BeTrue
        $crashing = $health.Pods | Where-Object CrashLoopBackOff
        $crashing | Should -HaveCount 3
        $crashing | ForEach-Object { $_.OomKilled | Should -BeTrue; $_.Restarts | Should -Be 12 }
        ($health.Services | Where-Object { -not $_.HasEndpoints }).Name | Should -Be 'api'
        ($health.Ingresses | Where-Object Name -eq public).BackendsWithoutEndpoints | Should -Be @('api')
        ($health.Events | Where-Object Type -eq Warning).Reason | Should -Contain 'BackOff'
    }

    It 'fails the one-line CI gate while degraded' {
        { Get-K8sWorkloadHealth -Namespace app -Assert } | Should -Throw -ErrorId 'VaultRunbook.K8s.Unhealthy'
    }

    It 'changes nothing with -WhatIf' {
        (Get-K8sWorkloadHealth -Namespace app).Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment -WhatIf | Should -BeNullOrEmpty
        Invoke-Kubectl get deployment api -n app -o 'jsonpath={.metadata.generation}' | Should -Be '1'
    }

    It 'restarts only the degraded deployment and follows its rollout to the end' {
        $restarted = (Get-K8sWorkloadHealth -Namespace app).Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment -Wait -TimeoutSec 120
        $restarted | Should -HaveCount 1
        $restarted.Name | Should -Be 'api'
        $restarted.RolloutComplete | Should -BeTrue
        $restarted.Revision | Should -Be 2
    }

    It 'verifies: healthy again, and kubectl agrees' {
        $health = Get-K8sWorkloadHealth -Namespace app
        $health.Healthy | Should -BeTrue
        ($health.Services | Where-Object Name -eq api).ReadyEndpoints | Should -Be 3
        { Get-K8sWorkloadHealth -Namespace app -Assert } | Should -Not -Throw
        Invoke-Kubectl rollout status deployment/api -n app --timeout=10s | Should -Match 'successfully rolled out'
        $annotations = Invoke-Kubectl get deployment api -n app -o 'jsonpath={.spec.template.metadata.annotations}' | ConvertFrom-Json
        $annotations.'prometheus.io/scrape' | Should -Be 'true'
        $annotations.'kubectl.kubernetes.io/restartedAt' | Should -Not -BeNullOrEmpty
    }

    It 'left the restart in the action journal for the incident timeline' {
        $entry = Get-VaultActionLog | Where-Object Action -eq K8sRestart
        $entry | Should -HaveCount 1
        $entry.Subject | Should -Be 'deployment app/api'
        $entry.Outcome | Should -Be 'Restarted'
        $entry.Address | Should -Be $cluster.Server
    }
}
