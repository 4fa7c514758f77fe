Describe 'Unknown parameter' {
    It 'is focused' -Focus { 1 | Should -Be 1 }
}
