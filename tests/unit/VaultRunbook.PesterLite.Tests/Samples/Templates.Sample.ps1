Describe 'Templates' {
    It 'adds <A> and <B> to get <Sum>' -TestCases @(
        @{ A = 1; B = 2; Sum = 3 }
        @{ A = -1; B = 1; Sum = 0 }
    ) {
        $A + $B | Should -Be $Sum
    }

    It 'item <_>' -ForEach 'x', 'y' { $_ | Should -BeIn 'x', 'y' }

    It 'node <node.name> on <node.port>' -ForEach @(@{ Node = @{ Name = 'vault-0'; Port = 8200 } }) {
        $Node.Port | Should -Be 8200
    }

    It 'literal `<tag`> and <A>' -ForEach @{ A = 'a' } { $A | Should -Be 'a' }

    It 'unknown <Missing> is empty' -ForEach @{ A = 1 } { $A | Should -Be 1 }

    It 'no cases' -ForEach @() { throw 'never generated' }
}

Describe 'Block <Name>' -ForEach @(@{ Name = 'one' }, @{ Name = 'two' }) {
    It 'runs with <Name>' { $Name | Should -BeIn 'one', 'two' }
}

Describe 'Skips' -Tag 'slow' {
    It 'skipped test' -Skip { throw 'must not run' }
    It 'pending test' -Pending { throw 'must not run' }
    Context 'skipped context' -Skip {
        BeforeAll { throw 'must not run' }
        It 'inside skipped context' { throw 'must not run' }
    }
    It 'runs' -Tag 'unit', 'fast' { 1 | Should -Be 1 }
}

Describe 'All skipped' -Skip {
    BeforeAll { throw 'must not run either' }
    It 'a' { throw 'must not run' }
}
