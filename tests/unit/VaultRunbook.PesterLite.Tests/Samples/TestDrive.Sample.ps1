Describe 'TestDrive' {
    It 'writes a file' {
        [System.IO.File]::WriteAllText("$TestDrive/file.txt", 'x')
    }
}
