Describe 'Mock in the Describe body' {
    Mock Get-Command { }
    It 'never runs' { 1 | Should -Be 1 }
}
