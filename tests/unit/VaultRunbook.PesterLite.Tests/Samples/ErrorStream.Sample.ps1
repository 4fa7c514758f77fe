Describe 'Error stream' {
    It 'writes a non-terminating error and still passes' {
        Get-Command -Name 'No-SuchCommand-PesterLite'
        1 | Should -Be 1
    }
}
