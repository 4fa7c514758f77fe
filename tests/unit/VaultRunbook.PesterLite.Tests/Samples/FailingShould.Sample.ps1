# Every test here fails on purpose; the xunit side checks each result and message.
Describe 'Failing' {
    It 'Be' { 4 | Should -Be 3 }
    It 'Be with Because' { 4 | Should -Be 3 -Because 'three is expected' }
    It 'Be on strings' { 'hello' | Should -Be 'help' }
    It 'Be on collections' { 1, 2 | Should -Be 1, 3 }
    It 'BeExactly' { 'abc' | Should -BeExactly 'ABC' }
    It 'BeExactly on numbers' { 1 | Should -BeExactly 2 }
    It 'BeTrue' { $false | Should -BeTrue }
    It 'BeTrue on each item' { 1, 0 | Should -BeTrue }
    It 'BeFalse' { 1 | Should -BeFalse }
    It 'BeNullOrEmpty' { 'x' | Should -BeNullOrEmpty }
    It 'BeGreaterThan' { 1 | Should -BeGreaterThan 2 }
    It 'BeLessThan' { 3 | Should -BeLessThan 2 }
    It 'BeGreaterOrEqual' { 1 | Should -BeGreaterOrEqual 2 }
    It 'BeLessOrEqual' { 3 | Should -BeLessOrEqual 2 }
    It 'Match' { 'abc' | Should -Match 'x' }
    It 'MatchExactly' { 'abc' | Should -MatchExactly 'ABC' }
    It 'BeLike' { 'abc' | Should -BeLike 'x*' }
    It 'BeLikeExactly' { 'abc' | Should -BeLikeExactly 'A*' }
    It 'Contain' { 1, 2 | Should -Contain 3 }
    It 'BeIn' { 3 | Should -BeIn 1, 2 }
    It 'HaveCount' { 1, 2, 3 | Should -HaveCount 2 }
    It 'HaveCount on nothing' { @() | Should -HaveCount 1 }
    It 'BeOfType' { 'abc' | Should -BeOfType [int] }
    It 'Throw' { { $null = 1 } | Should -Throw }
    It 'Throw with a message filter' { { $null = 1 } | Should -Throw -ExpectedMessage 'message' }
    It 'Throw with another message' { { throw 'error1' } | Should -Throw -ExpectedMessage 'error2' }
    It 'Throw with another ErrorId' {
        { throw [System.Management.Automation.ErrorRecord]::new([System.Exception]::new('m'), 'Vault.Sealed', 'InvalidOperation', $null) } |
            Should -Throw -ErrorId 'Vault'
    }
    It 'Throw with another type' { { throw [System.InvalidOperationException]::new('x') } | Should -Throw -ExceptionType ([System.ArgumentException]) }
    It 'Exist' { '/no/such/path/pesterlite' | Should -Exist }
    It 'stops at the first failed Should' { 1 | Should -Be 2; throw 'not reached' }
    It 'BeNullOrEmpty with Because' { 1 | Should -BeNullOrEmpty -Because 'reason' }
    It 'BeNullOrEmpty on a hashtable' { @{ Name = 'pester' } | Should -BeNullOrEmpty }
    It 'HaveCount expecting empty' { @(1) | Should -HaveCount 0 -Because 'reason' }
    It 'HaveCount with Because' { @(1, 'a', 3, 4) | Should -HaveCount 3 -Because 'reason' }
}

Describe 'Failing with Not' {
    It 'Not Be' { 3 | Should -Not -Be 3 }
    It 'Not BeExactly' { 'a' | Should -Not -BeExactly 'a' }
    It 'Not BeTrue' { $true | Should -Not -BeTrue }
    It 'Not BeFalse' { $false | Should -Not -BeFalse }
    It 'Not BeNullOrEmpty' { $null | Should -Not -BeNullOrEmpty }
    It 'Not BeGreaterThan' { 3 | Should -Not -BeGreaterThan 2 }
    It 'Not BeLessThan' { 1 | Should -Not -BeLessThan 2 }
    It 'Not BeGreaterOrEqual' { 2 | Should -Not -BeGreaterOrEqual 2 }
    It 'Not BeLessOrEqual' { 2 | Should -Not -BeLessOrEqual 2 }
    It 'Not Match' { 'abc' | Should -Not -Match 'b' }
    It 'Not MatchExactly' { 'abc' | Should -Not -MatchExactly 'b' }
    It 'Not BeLike' { 'abc' | Should -Not -BeLike 'a*' }
    It 'Not BeLikeExactly' { 'abc' | Should -Not -BeLikeExactly 'a*' }
    It 'Not Contain' { 1, 2 | Should -Not -Contain 2 }
    It 'Not BeIn' { 2 | Should -Not -BeIn 1, 2 }
    It 'Not HaveCount' { 1, 2 | Should -Not -HaveCount 2 }
    It 'Not BeOfType' { 1 | Should -Not -BeOfType [int] }
    It 'Not Throw' { { throw 'boom' } | Should -Not -Throw }
    It 'Not Exist' { $PSCommandPath | Should -Not -Exist }
}
