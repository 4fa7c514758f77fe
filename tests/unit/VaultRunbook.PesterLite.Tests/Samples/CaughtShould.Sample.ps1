Describe 'Caught assertions' {
    It 'catches its own failed Should' {
        try { 1 | Should -Be 2 } catch { $null = $_ }
    }
    It 'expects a failed Should with Should -Throw' {
        { 1 | Should -Be 2 } | Should -Throw -ExpectedMessage 'Expected 2, but got 1.' -ErrorId 'PesterAssertionFailed'
    }
}
