# Pester 5: code outside It/BeforeAll/BeforeEach/AfterEach/AfterAll runs only during discovery.
$topLevel = 'top'
function Get-TopLevel { 'top' }

BeforeDiscovery {
    $discoveryData = @('d1')
}

Describe 'Discovery-only code' {
    $inBody = 'body'

    It 'does not see variables set in the Describe body' { $inBody | Should -BeNullOrEmpty }
    It 'does not see variables set at the top of the file' { $topLevel | Should -BeNullOrEmpty }
    It 'does not see BeforeDiscovery variables' { $discoveryData | Should -BeNullOrEmpty }
    It 'does not see functions defined at the top of the file' {
        Get-Command -Name 'Get-TopLevel' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
    It 'gets discovery data only through -ForEach (<_>)' -ForEach $discoveryData { $_ | Should -Be 'd1' }
    It 'would fail if the Describe body leaked' { $inBody | Should -Be 'body' }
}
