# Dot-sourced by the Kubernetes Pester files: loads the fake Kubernetes API server (tests/peers/VaultRunbook.FakeKube,
# built beside the Pester tests as a project reference, else in its own bin folder), starts one with a work folder, a
# journal and a kubeconfig, and defines Invoke-Kubectl, the real kubectl pointed at it.
param([Parameter(Mandatory)] [string] $Name, [string] $Namespace = 'app')

$fakeDll = @(
    [System.IO.Path]::Combine([AppContext]::BaseDirectory, 'VaultRunbook.FakeKube.dll')
    Get-ChildItem ([System.IO.Path]::Combine($PSScriptRoot, '..', 'peers', 'VaultRunbook.FakeKube', 'bin', '*', 'net8.0', 'VaultRunbook.FakeKube.dll')) -ErrorAction Ignore | ForEach-Object FullName
) | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $fakeDll) { throw 'The fake Kubernetes API server is not built: dotnet build tests/peers/VaultRunbook.FakeKube' }
Add-Type -Path $fakeDll

$work = Join-Path ([System.IO.Path]::GetTempPath()) "$Name-$([guid]::NewGuid().ToString('N'))"
New-Item -ItemType Directory -Path $work | Out-Null
$VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
$cluster = [VaultRunbook.FakeKube.FakeKubeServer]::Start()
$cluster.RolloutDelay = [timespan]::FromMilliseconds(300)
$kubeconfig = $cluster.WriteKubeconfig((Join-Path $work 'kubeconfig'), $Namespace, $Name)
$PSDefaultParameterValues = @{ '*-K8s*:KubeConfig' = $kubeconfig }
function Invoke-Kubectl { & kubectl --kubeconfig $kubeconfig --cache-dir (Join-Path $work 'kubectl-cache') @args }
