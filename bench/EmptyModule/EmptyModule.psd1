@{
    RootModule        = 'EmptyModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0b5f2a51-52f8-4b1e-9d47-2f0f3f6f2a10'
    PowerShellVersion = '7.4'
    CmdletsToExport   = @('Get-Nothing', 'Get-NothingFor', 'Get-NothingLikeSecret')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
