Describe 'Broken file' {
    It 'never parses' {
        1 | Should -Be 1
    
