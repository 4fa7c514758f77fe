# Records the order of setup, tests and teardown in the file named by $env:PESTERLITE_TRACE.
BeforeAll {
    function Add-Trace([string] $Text) { [System.IO.File]::AppendAllText($env:PESTERLITE_TRACE, $Text + "`n") }
    Add-Trace 'root BeforeAll'
}

AfterAll {
    Add-Trace 'root AfterAll'
}

Describe 'Outer' {
    BeforeAll { Add-Trace 'Outer BeforeAll' }
    AfterAll { Add-Trace 'Outer AfterAll' }
    BeforeEach { Add-Trace 'Outer BeforeEach'; $fromTest = 'none' }
    AfterEach { Add-Trace "Outer AfterEach ($fromTest)" }

    It 'first' {
        Add-Trace 'It first'
        $fromTest = 'first'
    }

    Context 'Inner' {
        BeforeAll { Add-Trace 'Inner BeforeAll' }
        AfterAll { Add-Trace 'Inner AfterAll' }
        BeforeEach { Add-Trace 'Inner BeforeEach' }
        AfterEach { Add-Trace "Inner AfterEach ($fromTest)" }

        It 'second' {
            Add-Trace 'It second'
            $fromTest = 'second'
        }

        It 'third fails' {
            Add-Trace 'It third'
            $fromTest = 'third'
            throw 'third failed'
        }
    }

    It 'fourth' {
        Add-Trace 'It fourth'
    }
}
