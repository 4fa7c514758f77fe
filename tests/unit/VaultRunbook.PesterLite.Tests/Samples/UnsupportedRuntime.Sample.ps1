Describe 'Unsupported at run time' {
    It 'Mock' { Mock Get-Command { } }
    It 'Should -Invoke' { Should -Invoke Get-Command -Times 1 }
    It 'Should -InvokeVerifiable' { Should -InvokeVerifiable }
    It 'InModuleScope' { InModuleScope SomeModule { } }
    It 'Set-ItResult' { Set-ItResult -Skipped -Because 'later' }
    It 'New-PesterConfiguration' { $null = New-PesterConfiguration }
    It 'an operator PesterLite lacks' { Get-Command Get-Command | Should -HaveParameter Name }
    It 'soft assertions' { 1 | Should -Be 1 -ErrorAction Continue }
    It 'a swallowed Mock' { try { Mock Get-Command { } } catch { $null = $_ } }
    It 'a Mock inside Should -Throw' { { Mock Get-Command { } } | Should -Throw }
    It 'still runs the rest' { 1 | Should -Be 1 }
}
