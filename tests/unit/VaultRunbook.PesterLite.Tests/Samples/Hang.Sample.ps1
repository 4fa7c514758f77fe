Describe 'Hangs' {
    It 'never ends' { while ($true) { [System.Threading.Thread]::Sleep(20) } }
}
