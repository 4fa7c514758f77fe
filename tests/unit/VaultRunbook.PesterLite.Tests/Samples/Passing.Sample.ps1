# Valid Pester 5: passes under real Invoke-Pester and under PesterLite alike.
# Uses only core commands, the language and .NET, so it also runs in a hosted runspace.

BeforeAll {
    $fileLevel = 'root BeforeAll'
    function Get-Double([int] $Value) { $Value * 2 }
}

Describe 'Should operators' {
    It 'Be compares with -eq, collections item by item' {
        3 | Should -Be 3
        'abc' | Should -Be 'ABC'
        '1' | Should -Be 1
        1, 2, 3 | Should -Be 1, 2, 3
        $null | Should -Be $null
        @() | Should -Be $null
        3 | Should -Not -Be 4
        1, 2 | Should -Not -Be 1, 3
    }

    It 'BeExactly is case sensitive' {
        'abc' | Should -BeExactly 'abc'
        'abc' | Should -Not -BeExactly 'ABC'
    }

    It 'BeTrue and BeFalse test truthiness' {
        $true | Should -BeTrue
        1 | Should -BeTrue
        1, 2 | Should -BeTrue
        $false | Should -BeFalse
        0 | Should -BeFalse
        $null | Should -BeFalse
        '' | Should -BeFalse
        $false | Should -Not -BeTrue
        'x' | Should -Not -BeFalse
    }

    It 'BeNullOrEmpty accepts $null, empty strings and empty collections' {
        $null | Should -BeNullOrEmpty
        '' | Should -BeNullOrEmpty
        @() | Should -BeNullOrEmpty
        @{} | Should -BeNullOrEmpty
        'x' | Should -Not -BeNullOrEmpty
        @(1) | Should -Not -BeNullOrEmpty
    }

    It 'compares order' {
        5 | Should -BeGreaterThan 4
        5 | Should -BeLessThan 6
        5 | Should -BeGreaterOrEqual 5
        5 | Should -BeLessOrEqual 5
        5 | Should -Not -BeGreaterThan 5
        5 | Should -Not -BeLessThan 5
        4 | Should -Not -BeGreaterOrEqual 5
        6 | Should -Not -BeLessOrEqual 5
        [version]'2.0' | Should -BeGreaterThan ([version]'1.9')
    }

    It 'Match and MatchExactly use regular expressions' {
        'Vault is sealed' | Should -Match 'SEALED'
        'Vault is sealed' | Should -MatchExactly 'sealed$'
        'abc' | Should -Not -Match 'x'
        'abc' | Should -Not -MatchExactly 'ABC'
    }

    It 'BeLike and BeLikeExactly use wildcards' {
        'vault-0.internal' | Should -BeLike 'VAULT-*'
        'vault-0.internal' | Should -BeLikeExactly 'vault-?.*'
        'abc' | Should -Not -BeLike 'x*'
        'abc' | Should -Not -BeLikeExactly 'A*'
    }

    It 'Contain and BeIn look through collections' {
        1, 2, 3 | Should -Contain 2
        'a', 'b' | Should -Contain 'A'
        1, 2 | Should -Not -Contain 3
        'b' | Should -BeIn 'a', 'b'
        4 | Should -Not -BeIn 1, 2, 3
    }

    It 'HaveCount counts the pipeline input' {
        @() | Should -HaveCount 0
        1, 2, 3 | Should -HaveCount 3
        'one' | Should -HaveCount 1
        @(1) | Should -Not -HaveCount 2
    }

    It 'BeOfType accepts a type or a type name' {
        1 | Should -BeOfType [int]
        'x' | Should -BeOfType 'System.String'
        [System.ArgumentNullException]::new('p') | Should -BeOfType ([System.ArgumentException])
        1 | Should -Not -BeOfType [string]
        1 | Should -HaveType System.Int32
    }

    It 'Exist checks the path' {
        $PSCommandPath | Should -Exist
        [System.IO.Path]::Combine($PSScriptRoot, 'no-such-file.txt') | Should -Not -Exist
    }

    It 'Because only changes the message' {
        1 | Should -Be 1 -Because 'one is one'
    }
}

Describe 'Should -Throw' {
    It 'passes when the script block throws' {
        { throw 'boom' } | Should -Throw
    }

    It 'matches the message as a wildcard, case insensitive' {
        { throw 'Vault is sealed' } | Should -Throw -ExpectedMessage '*sealed'
        { throw 'Vault is sealed' } | Should -Throw 'vault IS sealed'
    }

    It 'matches the FullyQualifiedErrorId as a wildcard' {
        { throw [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new('sealed'), 'VaultRunbook.Test.Sealed', 'InvalidOperation', $null) } |
            Should -Throw -ErrorId 'VaultRunbook.Test.Sealed'
        { Get-Command -Name 'No-SuchCommand' -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException,*'
    }

    It 'matches the exception type and its subtypes' {
        { throw [System.ArgumentNullException]::new('p') } | Should -Throw -ExceptionType ([System.ArgumentException])
    }

    It 'returns the error record with -PassThru' {
        $err = { throw 'boom' } | Should -Throw -PassThru
        $err.Exception.Message | Should -Be 'boom'
    }

    It 'Not -Throw passes when nothing is thrown' {
        { $null = 1 } | Should -Not -Throw
    }
}

Describe 'Setup and scoping' {
    BeforeAll {
        $shared = 'shared'
        $counter = 0
    }

    BeforeEach {
        $perTest = 'fresh'
    }

    It 'sees its BeforeAll, the root BeforeAll and BeforeEach' {
        $shared | Should -Be 'shared'
        $fileLevel | Should -Be 'root BeforeAll'
        $perTest | Should -Be 'fresh'
    }

    It 'changes variables only in its own scope' {
        $counter = 5
        $perTest = 'changed'
        $counter | Should -Be 5
    }

    It 'does not see what the previous test changed' {
        $counter | Should -Be 0
        $perTest | Should -Be 'fresh'
    }

    It 'calls functions defined in the root BeforeAll' {
        Get-Double 4 | Should -Be 8
    }

    It 'knows its own file through $PSScriptRoot and $PSCommandPath' {
        $PSCommandPath | Should -BeLike '*Passing.Sample.ps1'
        $PSScriptRoot | Should -Be ([System.IO.Path]::GetDirectoryName($PSCommandPath))
    }

    Context 'Nested' {
        BeforeAll {
            $inner = "$shared+inner"
        }

        It 'inherits the outer BeforeAll' {
            $inner | Should -Be 'shared+inner'
        }
    }
}

Describe 'Data-driven tests' {
    It 'doubles <Value> to <Expected>' -TestCases @(
        @{ Value = 1; Expected = 2 }
        @{ Value = 21; Expected = 42 }
    ) {
        Get-Double $Value | Should -Be $Expected
    }

    It 'item <_> is a letter' -ForEach 'a', 'b' {
        $_ | Should -Match '^[a-z]$'
    }
}

Describe 'Node <Name>' -ForEach @(
    @{ Name = 'vault-0'; Port = 8200 }
    @{ Name = 'vault-1'; Port = 8201 }
) {
    It 'listens on <Port>' {
        $Port | Should -BeGreaterOrEqual 8200
        $Name | Should -BeLike 'vault-*'
    }
}
