BeforeAll {
    function Add-Trace([string] $Text) { [System.IO.File]::AppendAllText($env:PESTERLITE_TRACE, $Text + "`n") }
}

Describe 'Broken setup' {
    BeforeAll { throw 'setup exploded' }
    AfterAll { Add-Trace 'Broken AfterAll' }
    It 'one' { Add-Trace 'one' }
    It 'two' { Add-Trace 'two' }
    Context 'Nested' {
        It 'three' { Add-Trace 'three' }
    }
    It 'skipped stays skipped' -Skip { Add-Trace 'skipped' }
}

Describe 'Healthy' {
    It 'still runs' { Add-Trace 'healthy' }
}
