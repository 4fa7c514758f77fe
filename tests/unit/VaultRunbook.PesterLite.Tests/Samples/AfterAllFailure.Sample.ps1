Describe 'Teardown that fails' {
    AfterAll { throw 'teardown exploded' }
    It 'passes' { 1 | Should -Be 1 }
}
