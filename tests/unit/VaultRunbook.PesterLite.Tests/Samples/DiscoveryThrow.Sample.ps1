Describe 'Throws during discovery' {
    It 'registered before the throw' { 1 | Should -Be 1 }
    throw 'discovery exploded'
}
