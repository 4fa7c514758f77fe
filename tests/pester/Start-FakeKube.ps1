# Dot-sourced by the Kubernetes Pester files after examples/Import-VaultRunbook.ps1: starts the fake Kubernetes API
# server (Start-VaultRunbookDrillCluster) with a work folder, a journal and a kubeconfig, and defines Invoke-Kubectl, the real kubectl pointed at it.
param([Parameter(Mandatory)] [string] $Name, [string] $Namespace = 'app')

$cluster = Start-VaultRunbookDrillCluster
if (-not $cluster) { throw 'The fake Kubernetes API server is not built: dotnet build tests/peers/VaultRunbook.FakeKube' }
$work = Join-Path ([System.IO.Path]::GetTempPath()) "$Name-$([guid]::NewGuid().ToString('N'))"
New-Item -ItemType Directory -Path $work | Out-Null
$VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
$cluster.RolloutDelay = [timespan]::FromMilliseconds(300)
$kubeconfig = $cluster.WriteKubeconfig((Join-Path $work 'kubeconfig'), $Namespace, $Name)
$PSDefaultParameterValues = @{ '*-K8s*:KubeConfig' = $kubeconfig }
function Invoke-Kubectl { & kubectl --kubeconfig $kubeconfig --cache-dir (Join-Path $work 'kubectl-cache') @args }
