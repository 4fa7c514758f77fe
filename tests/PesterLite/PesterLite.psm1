# PesterLite: a small runner for Pester 5 test files, for hosts where Pester is not installed.
#
# It implements a subset of Pester 5 with Pester 5's semantics (two phases, scoping, Should
# operators and their messages). Anything outside that subset makes the run fail with a
# message 'PesterLite does not support ...'; nothing unsupported passes silently.
#
# Only the language, the engine's core commands and .NET are used, so the module loads in a
# runspace created with InitialSessionState.CreateDefault2().
#
# How the scopes work: every scope a test file's code runs in belongs to the caller's session
# state (not this module's). Invoke-PesterLite builds two tiny script blocks bound to the
# caller's session state: a "trampoline" that opens a new child scope there and calls back
# into this module, and a "dot-sourcer" that runs the test file in the current scope there.
# Script blocks written in the test file are dot-sourced from this module, which runs them in
# the current scope of the caller's session state, i.e. the scope the trampoline opened.

Set-StrictMode -Off

$script:PLState = $null
$script:PLUnsupported = 'PesterLite does not support'
$script:PLCommonParameters = @(
    'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
    'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable'
)

# ------------------------------------------------------------------------------------------
# Failures and unsupported features
# ------------------------------------------------------------------------------------------

function Format-PLLocation {
    param($Invocation)
    if ($null -eq $Invocation) { return '' }
    $file = $Invocation.ScriptName
    if ([string]::IsNullOrEmpty($file)) { return '' }
    return '{0}:{1}' -f $file, $Invocation.ScriptLineNumber
}

function New-PLFailure {
    param([string] $Message, [string] $Location)
    [pscustomobject]@{ Message = $Message; Location = $Location }
}

function Get-PLErrorInfo {
    # Turns an ErrorRecord into a failure (message + file:line of where it happened).
    param($ErrorRecord)
    $message = $null
    if ($null -ne $ErrorRecord.Exception) { $message = $ErrorRecord.Exception.Message }
    if ([string]::IsNullOrEmpty($message)) { $message = [string]$ErrorRecord }
    $location = ''
    $target = $ErrorRecord.TargetObject
    if ($target -is [System.Collections.IDictionary] -and $target.Contains('PesterLiteLocation')) {
        $location = [string]$target['PesterLiteLocation']
    }
    if ([string]::IsNullOrEmpty($location)) {
        $location = Format-PLLocation $ErrorRecord.InvocationInfo
    }
    New-PLFailure -Message $message -Location $location
}

function Add-PLFailure {
    # Records a failure on whatever is running now (a test, a block's setup, or discovery), so a
    # failure fails the run even when the test file catches the exception that carries it.
    param([string] $Message, [string] $Location, [bool] $Always)
    $state = $script:PLState
    if ($null -eq $state -or $null -eq $state.CurrentSink) { return }
    if (-not $Always -and $state.ShouldThrowDepth -gt 0) { return }
    $state.CurrentSink.Add((New-PLFailure -Message $Message -Location $Location))
}

function Invoke-PLUnsupported {
    param([string] $Thing, $Invocation)
    $message = "$script:PLUnsupported $Thing"
    $location = Format-PLLocation $Invocation
    Add-PLFailure -Message $message -Location $location -Always $true
    $record = [System.Management.Automation.ErrorRecord]::new(
        [System.NotSupportedException]::new($message),
        'PesterLiteUnsupported',
        [System.Management.Automation.ErrorCategory]::NotImplemented,
        @{ PesterLiteLocation = $location })
    throw $record
}

function Assert-PLNoExtraArguments {
    param([string] $Command, $Arguments, $Invocation)
    if ($null -eq $Arguments -or @($Arguments).Count -eq 0) { return }
    $names = [System.Collections.Generic.List[string]]::new()
    $values = [System.Collections.Generic.List[string]]::new()
    foreach ($argument in $Arguments) {
        if ($argument -is [string] -and $argument.StartsWith('-') -and $argument.Length -gt 1) {
            $names.Add($argument.TrimEnd(':'))
        }
        else {
            $values.Add([string]$argument)
        }
    }
    if ($names.Count -gt 0) {
        Invoke-PLUnsupported -Thing ("parameter {0} of {1}" -f ($names -join ', '), $Command) -Invocation $Invocation
    }
    Invoke-PLUnsupported -Thing ("extra arguments to {0}: '{1}'" -f $Command, ($values -join "', '")) -Invocation $Invocation
}

# ------------------------------------------------------------------------------------------
# The tree that discovery builds
# ------------------------------------------------------------------------------------------

function New-PLBlock {
    param([string] $Kind, [string] $Name, $Parent, [string[]] $Tag, [bool] $Skip, [bool] $HasData, $Data, [scriptblock] $Fixture, [string] $Location)
    $tags = [System.Collections.Generic.List[string]]::new()
    foreach ($t in $Tag) { if (-not [string]::IsNullOrEmpty($t)) { $tags.Add($t) } }
    [pscustomobject]@{
        Kind              = $Kind
        Name              = $Name
        ExpandedName      = $Name
        Parent            = $Parent
        Tags              = $tags
        Skip              = $Skip
        HasData           = $HasData
        Data              = $Data
        Fixture           = $Fixture
        Location          = $Location
        Items             = [System.Collections.Generic.List[object]]::new()
        BeforeAll         = $null
        AfterAll          = $null
        BeforeEach        = $null
        AfterEach         = $null
        SetupFailures     = [System.Collections.Generic.List[object]]::new()
        TeardownFailures  = [System.Collections.Generic.List[object]]::new()
    }
}

function New-PLTest {
    param([string] $Name, $Block, [scriptblock] $Body, [string[]] $Tag, [bool] $Skip, [bool] $HasData, $Data, [string] $Location)
    $tags = [System.Collections.Generic.List[string]]::new()
    foreach ($t in $Tag) { if (-not [string]::IsNullOrEmpty($t)) { $tags.Add($t) } }
    [pscustomobject]@{
        Kind          = 'Test'
        Name          = $Name
        ExpandedName  = $Name
        Block         = $Block
        Body          = $Body
        Tags          = $tags
        Skip          = $Skip
        HasData       = $HasData
        Data          = $Data
        Location      = $Location
        Result        = 'NotRun'
        ErrorMessage  = $null
        ErrorLocation = $null
        Duration      = [timespan]::Zero
        Failures      = [System.Collections.Generic.List[object]]::new()
    }
}

function Test-PLEffectiveSkip {
    param($Node)
    if ($Node.Skip) { return $true }
    $block = if ($Node.Kind -eq 'Test') { $Node.Block } else { $Node.Parent }
    while ($null -ne $block) {
        if ($block.Skip) { return $true }
        $block = $block.Parent
    }
    return $false
}

function Get-PLSubtreeTests {
    param($Block, [System.Collections.Generic.List[object]] $Into)
    foreach ($item in $Block.Items) {
        if ($item.Kind -eq 'Test') { $Into.Add($item) }
        else { Get-PLSubtreeTests -Block $item -Into $Into }
    }
}

function Get-PLBlockChain {
    # The blocks from the root down to $Block (inclusive), outermost first.
    param($Block)
    $chain = [System.Collections.Generic.List[object]]::new()
    $b = $Block
    while ($null -ne $b) { $chain.Insert(0, $b); $b = $b.Parent }
    return , $chain
}

function Get-PLBlockPath {
    param($Block)
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($b in (Get-PLBlockChain $Block)) {
        if ($b.Kind -ne 'Root') { $names.Add($b.ExpandedName) }
    }
    return , $names
}

function Get-PLDataItems {
    # -ForEach / -TestCases: $null or an empty collection gives no items (as in Pester 5).
    param($Data)
    $items = [System.Collections.Generic.List[object]]::new()
    if ($null -eq $Data) { return , $items }
    foreach ($item in @($Data)) { $items.Add($item) }
    return , $items
}

# ------------------------------------------------------------------------------------------
# Variables and names
# ------------------------------------------------------------------------------------------

function Set-PLDataVariables {
    # Defines $_ and, for a dictionary, one variable per key, in the current scope of the
    # test file's session state (the scope the trampoline just opened).
    param([bool] $HasData, $Data)
    if (-not $HasData) { return }
    $variables = $script:PLState.UserState.PSVariable
    $variables.Set('_', $Data)
    if ($Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) { $variables.Set([string]$key, $Data[$key]) }
    }
}

function Get-PLTemplateValue {
    param([string] $Name, [bool] $HasData, $Data)
    if ($Name -eq '_') {
        if ($HasData) { return , $Data }
        return , $script:PLState.UserState.PSVariable.GetValue('_')
    }
    if ($HasData -and $Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) {
            if ([string]$key -eq $Name) { return , $Data[$key] }
        }
    }
    return , $script:PLState.UserState.PSVariable.GetValue($Name)
}

function Expand-PLName {
    # Expands <name>, <_> and <name.property> templates; `< and `> are literal brackets.
    param([string] $Template, [bool] $HasData, $Data)
    if ([string]::IsNullOrEmpty($Template) -or ($Template.IndexOf('<') -lt 0 -and $Template.IndexOf('`') -lt 0)) { return $Template }
    $text = [System.Text.StringBuilder]::new()
    $i = 0
    while ($i -lt $Template.Length) {
        $c = $Template[$i]
        if ($c -eq [char]'`' -and $i + 1 -lt $Template.Length -and ($Template[$i + 1] -eq [char]'<' -or $Template[$i + 1] -eq [char]'>')) {
            $null = $text.Append($Template[$i + 1])
            $i += 2
            continue
        }
        if ($c -eq [char]'<') {
            $end = $Template.IndexOf('>', $i + 1)
            if ($end -gt $i) {
                $expression = $Template.Substring($i + 1, $end - $i - 1)
                if ($expression -match '^(?:_|\w+)(?:\.\w+)*$') {
                    $parts = $expression.Split('.')
                    $value = Get-PLTemplateValue -Name $parts[0] -HasData $HasData -Data $Data
                    for ($p = 1; $p -lt $parts.Count -and $null -ne $value; $p++) {
                        $property = $parts[$p]
                        $value = $value.$property
                    }
                    if ($null -ne $value) { $null = $text.Append([string]$value) }
                    $i = $end + 1
                    continue
                }
            }
        }
        $null = $text.Append($c)
        $i++
    }
    return $text.ToString()
}

# ------------------------------------------------------------------------------------------
# Discovery: Describe, Context, It, setup/teardown, BeforeDiscovery
# ------------------------------------------------------------------------------------------

function Get-PLDiscoveryState {
    param([string] $Command, $Invocation)
    $state = $script:PLState
    if ($null -eq $state) {
        throw "$Command must run through Invoke-PesterLite (PesterLite cannot run a test file directly)."
    }
    if ($state.Phase -ne 'Discovery') {
        throw "$Command cannot be used inside It, BeforeAll, BeforeEach, AfterEach or AfterAll: it belongs directly in a Describe or Context body or at the top of the file."
    }
    return $state
}

# Module-bound callbacks that the trampoline runs inside a new scope of the test file's session state.
$script:PLDiscoverFile = {
    param($State)
    $dotSource = $State.DotSource
    do { $null = . $dotSource $State.File } until ($true)
}

$script:PLDiscoverBlockBody = {
    param($Block)
    Set-PLDataVariables -HasData $Block.HasData -Data $Block.Data
    $fixture = $Block.Fixture
    do { $null = . $fixture } until ($true)
}

function Register-PLBlock {
    param([string] $Kind, [System.Collections.IDictionary] $Bound, $Invocation)
    $state = Get-PLDiscoveryState -Command $Kind -Invocation $Invocation
    Assert-PLNoExtraArguments -Command $Kind -Arguments $Bound['UnsupportedArguments'] -Invocation $Invocation
    $name = [string]$Bound['Name']
    $fixture = $Bound['Fixture']
    if ([string]::IsNullOrEmpty($name)) { throw "$Kind needs a name." }
    if ($null -eq $fixture) { throw "No test fixture is provided for $Kind '$name'. (Have you put the open curly brace on the next line?)" }
    $tags = [string[]]$Bound['Tag']
    $skip = [bool]$Bound['Skip']
    $location = Format-PLLocation $Invocation
    $parent = $state.CurrentBlock

    $blocks = [System.Collections.Generic.List[object]]::new()
    if ($Bound.ContainsKey('ForEach')) {
        foreach ($item in (Get-PLDataItems $Bound['ForEach'])) {
            $blocks.Add((New-PLBlock -Kind $Kind -Name $name -Parent $parent -Tag $tags -Skip $skip -HasData $true -Data $item -Fixture $fixture -Location $location))
        }
    }
    else {
        $blocks.Add((New-PLBlock -Kind $Kind -Name $name -Parent $parent -Tag $tags -Skip $skip -HasData $false -Data $null -Fixture $fixture -Location $location))
    }

    foreach ($block in $blocks) {
        $block.ExpandedName = Expand-PLName -Template $name -HasData $block.HasData -Data $block.Data
        $parent.Items.Add($block)
        $state.CurrentBlock = $block
        try {
            $null = & $state.Trampoline $script:PLDiscoverBlockBody $block
        }
        finally {
            $state.CurrentBlock = $parent
        }
    }
}

function Register-PLSetup {
    param([string] $Kind, [System.Collections.IDictionary] $Bound, $Invocation)
    $state = Get-PLDiscoveryState -Command $Kind -Invocation $Invocation
    Assert-PLNoExtraArguments -Command $Kind -Arguments $Bound['UnsupportedArguments'] -Invocation $Invocation
    $body = $Bound['Scriptblock']
    if ($null -eq $body) { throw "$Kind needs a script block." }
    $block = $state.CurrentBlock
    if ($null -ne $block.$Kind) {
        Invoke-PLUnsupported -Thing "more than one $Kind in the same block" -Invocation $Invocation
    }
    $block.$Kind = $body
}

function Describe {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Fixture,
        [Alias('Tags')] [string[]] $Tag,
        [switch] $Skip,
        [object] $ForEach,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments
    )
    Register-PLBlock -Kind 'Describe' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function Context {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Fixture,
        [Alias('Tags')] [string[]] $Tag,
        [switch] $Skip,
        [object] $ForEach,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments
    )
    Register-PLBlock -Kind 'Context' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function It {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Test,
        [Alias('TestCases')] [object[]] $ForEach,
        [string[]] $Tag,
        [switch] $Skip,
        [switch] $Pending,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments
    )
    $bound = $PSBoundParameters
    $state = Get-PLDiscoveryState -Command 'It' -Invocation $MyInvocation
    Assert-PLNoExtraArguments -Command 'It' -Arguments $bound['UnsupportedArguments'] -Invocation $MyInvocation
    if ([string]::IsNullOrEmpty($Name)) { throw 'It needs a name.' }
    if ($null -eq $Test) { throw "No test scriptblock is provided for It '$Name'. Did you put the opening curly brace on the next line?" }
    $skipIt = [bool]$Skip -or [bool]$Pending
    $location = Format-PLLocation $MyInvocation
    $block = $state.CurrentBlock
    if ($bound.ContainsKey('ForEach')) {
        foreach ($item in (Get-PLDataItems $bound['ForEach'])) {
            $t = New-PLTest -Name $Name -Block $block -Body $Test -Tag $Tag -Skip $skipIt -HasData $true -Data $item -Location $location
            $t.ExpandedName = Expand-PLName -Template $Name -HasData $true -Data $item
            $block.Items.Add($t)
        }
    }
    else {
        $t = New-PLTest -Name $Name -Block $block -Body $Test -Tag $Tag -Skip $skipIt -HasData $false -Data $null -Location $location
        $t.ExpandedName = Expand-PLName -Template $Name -HasData $false -Data $null
        $block.Items.Add($t)
    }
}

function BeforeAll {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [scriptblock] $Scriptblock,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments)
    Register-PLSetup -Kind 'BeforeAll' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function AfterAll {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [scriptblock] $Scriptblock,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments)
    Register-PLSetup -Kind 'AfterAll' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function BeforeEach {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [scriptblock] $Scriptblock,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments)
    Register-PLSetup -Kind 'BeforeEach' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function AfterEach {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [scriptblock] $Scriptblock,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments)
    Register-PLSetup -Kind 'AfterEach' -Bound $PSBoundParameters -Invocation $MyInvocation
}

function BeforeDiscovery {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [scriptblock] $Scriptblock,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments)
    $null = Get-PLDiscoveryState -Command 'BeforeDiscovery' -Invocation $MyInvocation
    Assert-PLNoExtraArguments -Command 'BeforeDiscovery' -Arguments $UnsupportedArguments -Invocation $MyInvocation
    if ($null -eq $Scriptblock) { throw 'BeforeDiscovery needs a script block.' }
    # Dot-sourced into the caller's scope, so what it defines is there for -ForEach and the rest of discovery.
    do { $null = . $Scriptblock } until ($true)
}

# ------------------------------------------------------------------------------------------
# Unsupported Pester commands: each fails with 'PesterLite does not support <command>'
# ------------------------------------------------------------------------------------------

function Mock {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Mock' -Invocation $MyInvocation
}
function InModuleScope {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'InModuleScope' -Invocation $MyInvocation
}
function Set-ItResult {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Set-ItResult' -Invocation $MyInvocation
}
function New-PesterConfiguration {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'New-PesterConfiguration' -Invocation $MyInvocation
}
function New-PesterContainer {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'New-PesterContainer' -Invocation $MyInvocation
}
function New-MockObject {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'New-MockObject' -Invocation $MyInvocation
}
function Assert-MockCalled {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Assert-MockCalled' -Invocation $MyInvocation
}
function Assert-VerifiableMock {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Assert-VerifiableMock' -Invocation $MyInvocation
}
function Add-ShouldOperator {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Add-ShouldOperator' -Invocation $MyInvocation
}
function Get-ShouldOperator {
    [CmdletBinding()] param([Parameter(ValueFromRemainingArguments = $true)] [object[]] $Arguments)
    Invoke-PLUnsupported -Thing 'Get-ShouldOperator' -Invocation $MyInvocation
}

# ------------------------------------------------------------------------------------------
# Should
# ------------------------------------------------------------------------------------------

# Each operator with its positional parameters, in Pester 5's order (-Because is always last).
$script:PLOperators = [ordered]@{
    Be               = @('ExpectedValue', 'Because')
    BeExactly        = @('ExpectedValue', 'Because')
    BeTrue           = @('Because')
    BeFalse          = @('Because')
    BeNullOrEmpty    = @('Because')
    BeGreaterThan    = @('ExpectedValue', 'Because')
    BeLessThan       = @('ExpectedValue', 'Because')
    BeGreaterOrEqual = @('ExpectedValue', 'Because')
    BeLessOrEqual    = @('ExpectedValue', 'Because')
    Match            = @('RegularExpression', 'Because')
    MatchExactly     = @('RegularExpression', 'Because')
    BeLike           = @('ExpectedValue', 'Because')
    BeLikeExactly    = @('ExpectedValue', 'Because')
    Contain          = @('ExpectedValue', 'Because')
    BeIn             = @('ExpectedValue', 'Because')
    HaveCount        = @('ExpectedValue', 'Because')
    BeOfType         = @('ExpectedType', 'Because')
    Throw            = @('ExpectedMessage', 'ErrorId', 'ExceptionType', 'Because')
    Exist            = @('Because')
}

# Operators that receive all pipeline input as one array; the others test each item on its own.
$script:PLArrayOperators = @('Be', 'BeExactly', 'BeNullOrEmpty', 'HaveCount', 'Contain')

function Format-PLBecause {
    param([string] $Because)
    if ([string]::IsNullOrWhiteSpace($Because)) { return '' }
    $text = $Because.Trim() -replace '^because\s+', ''
    return " because $text,"
}

function Test-PLIsCollection {
    param($Value)
    return ($Value -is [System.Collections.IEnumerable]) -and ($Value -isnot [string]) -and ($Value -isnot [System.Collections.IDictionary])
}

function Format-PLValue {
    # How values appear in failure messages: 'text', $null, $true, 3, @(1, 2), [type].
    param($Value)
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [System.Management.Automation.PSObject]) { $Value = $Value.PSObject.BaseObject }
    if ($Value -is [bool]) { return '$' + $Value.ToString().ToLowerInvariant() }
    if ($Value -is [string]) {
        if ($Value.Length -eq 0) { return '<empty>' }
        return "'" + $Value + "'"
    }
    if ($Value -is [datetime]) { return $Value.ToString('o') }
    if ($Value -is [type]) { return '[' + [string]$Value + ']' }
    if ($Value -is [scriptblock]) { return '{' + $Value.ToString() + '}' }
    if ($Value -is [System.ValueType]) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) { return [string]$Value }
    if (Test-PLIsCollection $Value) {
        $items = @($Value)
        # As in Pester, a one-item collection of a simple value reads as that value, unquoted.
        if ($items.Count -eq 1 -and ($items[0] -is [System.ValueType] -or $items[0] -is [string] -or $items[0] -is [scriptblock])) {
            return [string]$items[0]
        }
        $limit = 10
        $shown = [System.Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt [System.Math]::Min($items.Count, $limit); $i++) {
            $shown.Add((Format-PLValue $items[$i]))
        }
        $more = if ($items.Count -gt $limit) { ", ...$($items.Count - $limit) more" } else { '' }
        return '@(' + ($shown -join ', ') + $more + ')'
    }
    return [string]$Value
}

function Join-PLAnd {
    param([string[]] $Items)
    if ($null -eq $Items -or $Items.Count -lt 2) { return ($Items -join ', ') }
    return (($Items[0..($Items.Count - 2)]) -join ', ') + ' and ' + $Items[-1]
}

function Test-PLSequenceEqual {
    # -Be / -BeExactly: null, empty and @($null) are all equal; collections are equal when they
    # have the same count and equal items in the same order (nested arrays compared the same way);
    # items are compared with the expected value on the left of -eq / -ceq.
    param($Actual, $Expected, [bool] $CaseSensitive, [int] $Depth = 0)
    if ($Depth -gt 100) { throw 'Reached the recursion depth limit of 100 when comparing collections. Is one of them cyclic?' }
    $a = [object[]]$Actual
    $e = [object[]]$Expected
    $aEmpty = ($null -eq $a) -or ($a.Count -eq 0) -or ($a.Count -eq 1 -and $null -eq $a[0])
    $eEmpty = ($null -eq $e) -or ($e.Count -eq 0) -or ($e.Count -eq 1 -and $null -eq $e[0])
    if ($aEmpty -or $eEmpty) { return ($aEmpty -and $eEmpty) }
    if ($a.Count -ne $e.Count) { return $false }
    for ($i = 0; $i -lt $a.Count; $i++) {
        $ai = $a[$i]
        $ei = $e[$i]
        if ($ai -is [array] -or $ei -is [array]) {
            if (-not (Test-PLSequenceEqual -Actual $ai -Expected $ei -CaseSensitive $CaseSensitive -Depth ($Depth + 1))) { return $false }
        }
        elseif ($CaseSensitive) {
            if (-not ($ei -ceq $ai)) { return $false }
        }
        else {
            if (-not ($ei -eq $ai)) { return $false }
        }
    }
    return $true
}

function Get-PLStringDifference {
    param([string] $Expected, [string] $Actual, [bool] $CaseSensitive, [string] $Because)
    $max = [System.Math]::Max($Expected.Length, $Actual.Length)
    $index = -1
    for ($i = 0; $i -lt $max; $i++) {
        if ($i -ge $Expected.Length -or $i -ge $Actual.Length) { $index = $i; break }
        $ec = [string]$Expected[$i]
        $ac = [string]$Actual[$i]
        $differs = if ($CaseSensitive) { $ec -cne $ac } else { $ec -ne $ac }
        if ($differs) { $index = $i; break }
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("Expected strings to be the same,$(Format-PLBecause $Because) but they were different.")
    if ($Expected.Length -ne $Actual.Length) {
        $lines.Add("Expected length: $($Expected.Length)")
        $lines.Add("Actual length:   $($Actual.Length)")
    }
    else {
        $lines.Add("String lengths are both $($Expected.Length).")
    }
    $lines.Add("Strings differ at index $index.")
    $escape = { param($s) $s.Replace("`r", '\r').Replace("`n", '\n').Replace("`t", '\t') }
    $lines.Add("Expected: '$(& $escape $Expected)'")
    $lines.Add("But was:  '$(& $escape $Actual)'")
    $lines.Add((' ' * 11) + ('-' * [System.Math]::Max($index, 0)) + '^')
    return ($lines -join "`n")
}

function New-PLShouldResult {
    param([bool] $Succeeded, [string] $Message, $Data)
    [pscustomobject]@{ Succeeded = $Succeeded; Message = $Message; Data = $Data; HasData = ($null -ne $Data) }
}

function Get-PLExceptionLine {
    param($ErrorRecord)
    $info = $ErrorRecord.InvocationInfo
    if ($null -eq $info -or [string]::IsNullOrEmpty($info.ScriptName)) { return '' }
    return 'from {0}:{1} char:{2}' -f $info.ScriptName, $info.ScriptLineNumber, $info.OffsetInLine
}

function Test-PLThrow {
    param($Actual, [bool] $Negate, [string] $ExpectedMessage, [string] $ErrorId, [type] $ExceptionType, [bool] $PassThru, [string] $Because)
    if ($null -eq $Actual -or $Actual -isnot [scriptblock]) {
        throw [System.ArgumentException]::new("Input is missing or not a ScriptBlock. Input to '-Throw' and '-Not -Throw' must be enclosed in curly braces.")
    }
    $thrown = $false
    $record = $null
    $state = $script:PLState
    if ($null -ne $state) { $state.ShouldThrowDepth++ }
    try {
        do { $null = & $Actual } until ($true)
    }
    catch {
        $thrown = $true
        $record = $_
    }
    finally {
        if ($null -ne $state) { $state.ShouldThrowDepth-- }
    }

    $message = if ($thrown) { [string]$record.Exception.Message } else { '' }
    $line = if ($thrown) { Get-PLExceptionLine $record } else { '' }

    if ($Negate) {
        if (-not $thrown) { return New-PLShouldResult -Succeeded $true }
        $where = if ($line) { " $line" } else { '' }
        return New-PLShouldResult -Succeeded $false -Message "Expected no exception to be thrown,$(Format-PLBecause $Because) but an exception `"$message`" was thrown$where."
    }

    $filters = [System.Collections.Generic.List[string]]::new()
    $buts = [System.Collections.Generic.List[string]]::new()
    if ($null -ne $ExceptionType) {
        $filters.Add("type $(Format-PLValue $ExceptionType)")
        if ($thrown -and $record.Exception -isnot $ExceptionType) {
            $buts.Add("the exception type was $(Format-PLValue $record.Exception.GetType())")
        }
    }
    if (-not [string]::IsNullOrWhiteSpace($ExpectedMessage)) {
        $filters.Add("message like $(Format-PLValue ([System.Management.Automation.WildcardPattern]::Unescape($ExpectedMessage)))")
        if ($thrown -and -not ($message -like $ExpectedMessage)) {
            $buts.Add("the message was $(Format-PLValue $message)")
        }
    }
    if (-not [string]::IsNullOrWhiteSpace($ErrorId)) {
        $filters.Add("FullyQualifiedErrorId $(Format-PLValue $ErrorId)")
        $actualId = [string]$record.FullyQualifiedErrorId
        if ($thrown -and -not ($actualId -like $ErrorId)) {
            $buts.Add("the FullyQualifiedErrorId was $(Format-PLValue $actualId)")
        }
    }
    if (-not $thrown) { $buts.Add('no exception was thrown') }

    if ($buts.Count -gt 0) {
        $with = if ($filters.Count -gt 0) { " with $(Join-PLAnd $filters)" } else { '' }
        $text = "Expected an exception$with to be thrown,$(Format-PLBecause $Because) but $(Join-PLAnd $buts). $line".Trim()
        return New-PLShouldResult -Succeeded $false -Message $text
    }
    if ($PassThru) { return New-PLShouldResult -Succeeded $true -Data $record }
    return New-PLShouldResult -Succeeded $true
}

function Test-PLOperator {
    param([string] $Operator, $Actual, [bool] $Negate, [System.Collections.IDictionary] $Options, [System.Management.Automation.SessionState] $CallerState)
    $because = [string]$Options['Because']
    $b = Format-PLBecause $because
    $expected = $Options['ExpectedValue']
    $ok = $false
    $message = ''
    switch ($Operator) {
        'Be' {
            $ok = Test-PLSequenceEqual -Actual $Actual -Expected $expected -CaseSensitive $false
            if ($Negate) { $ok = -not $ok }
            if (-not $ok) {
                if ($Negate) {
                    $message = "Expected $(Format-PLValue $expected) to be different from the actual value,$b but got the same value."
                }
                else {
                    $a1 = $($Actual); $e1 = $($expected)
                    if ($a1 -is [string] -and $e1 -is [string]) { $message = Get-PLStringDifference -Expected $e1 -Actual $a1 -CaseSensitive $false -Because $because }
                    else { $message = "Expected $(Format-PLValue $e1),$b but got $(Format-PLValue $a1)." }
                }
            }
        }
        'BeExactly' {
            $ok = Test-PLSequenceEqual -Actual $Actual -Expected $expected -CaseSensitive $true
            if ($Negate) { $ok = -not $ok }
            if (-not $ok) {
                if ($Negate) {
                    $message = "Expected $(Format-PLValue $expected) to be different from the actual value,$b but got exactly the same value."
                }
                else {
                    $a1 = $($Actual); $e1 = $($expected)
                    if ($a1 -is [string] -and $e1 -is [string]) { $message = Get-PLStringDifference -Expected $e1 -Actual $a1 -CaseSensitive $true -Because $because }
                    else { $message = "Expected exactly $(Format-PLValue $e1),$b but got $(Format-PLValue $a1)." }
                }
            }
        }
        'BeTrue' {
            $truthy = [bool]$Actual
            $ok = if ($Negate) { -not $truthy } else { $truthy }
            if (-not $ok) {
                $want = if ($Negate) { '$false' } else { '$true' }
                $message = "Expected $want,$b but got $(Format-PLValue $Actual)."
            }
        }
        'BeFalse' {
            $falsy = -not [bool]$Actual
            $ok = if ($Negate) { -not $falsy } else { $falsy }
            if (-not $ok) {
                $want = if ($Negate) { '$true' } else { '$false' }
                $message = "Expected $want,$b but got $(Format-PLValue $Actual)."
            }
        }
        'BeNullOrEmpty' {
            $items = [object[]]$Actual
            if ($null -eq $items -or $items.Count -eq 0) { $empty = $true }
            elseif ($items.Count -eq 1) {
                $only = $items[0]
                if ($only -is [hashtable]) { $empty = $only.Count -eq 0 }
                else { $empty = [string]::IsNullOrEmpty($only) }
            }
            else { $empty = $false }
            $ok = if ($Negate) { -not $empty } else { $empty }
            if (-not $ok) {
                if ($Negate) { $message = "Expected a value,$b but got `$null or empty." }
                else { $message = "Expected `$null or empty,$b but got $(Format-PLValue $Actual)." }
            }
        }
        'BeGreaterThan' {
            if ($Negate) { return Test-PLOperator -Operator 'BeLessOrEqual' -Actual $Actual -Negate $false -Options $Options -CallerState $CallerState }
            $ok = -not ($Actual -le $expected)
            if (-not $ok) { $message = "Expected the actual value to be greater than $(Format-PLValue $expected),$b but got $(Format-PLValue $Actual)." }
        }
        'BeLessOrEqual' {
            if ($Negate) { return Test-PLOperator -Operator 'BeGreaterThan' -Actual $Actual -Negate $false -Options $Options -CallerState $CallerState }
            $ok = -not ($Actual -gt $expected)
            if (-not $ok) { $message = "Expected the actual value to be less than or equal to $(Format-PLValue $expected),$b but got $(Format-PLValue $Actual)." }
        }
        'BeLessThan' {
            if ($Negate) { return Test-PLOperator -Operator 'BeGreaterOrEqual' -Actual $Actual -Negate $false -Options $Options -CallerState $CallerState }
            $ok = -not ($Actual -ge $expected)
            if (-not $ok) { $message = "Expected the actual value to be less than $(Format-PLValue $expected),$b but got $(Format-PLValue $Actual)." }
        }
        'BeGreaterOrEqual' {
            if ($Negate) { return Test-PLOperator -Operator 'BeLessThan' -Actual $Actual -Negate $false -Options $Options -CallerState $CallerState }
            $ok = -not ($Actual -lt $expected)
            if (-not $ok) { $message = "Expected the actual value to be greater than or equal to $(Format-PLValue $expected),$b but got $(Format-PLValue $Actual)." }
        }
        'Match' {
            $pattern = $Options['RegularExpression']
            $matched = [bool]($Actual -match $pattern)
            $ok = if ($Negate) { -not $matched } else { $matched }
            if (-not $ok) {
                if ($Negate) { $message = "Expected regular expression $(Format-PLValue $pattern) to not match $(Format-PLValue $Actual),$b but it did match." }
                else { $message = "Expected regular expression $(Format-PLValue $pattern) to match $(Format-PLValue $Actual),$b but it did not match." }
            }
        }
        'MatchExactly' {
            $pattern = $Options['RegularExpression']
            $matched = [bool]($Actual -cmatch $pattern)
            $ok = if ($Negate) { -not $matched } else { $matched }
            if (-not $ok) {
                if ($Negate) { $message = "Expected regular expression $(Format-PLValue $pattern) to not case sensitively match $(Format-PLValue $Actual),$b but it did match." }
                else { $message = "Expected regular expression $(Format-PLValue $pattern) to case sensitively match $(Format-PLValue $Actual),$b but it did not match." }
            }
        }
        'BeLike' {
            $matched = [bool]($Actual -like $expected)
            $ok = if ($Negate) { -not $matched } else { $matched }
            if (-not $ok) {
                if ($Negate) { $message = "Expected like wildcard $(Format-PLValue $expected) to not match $(Format-PLValue $Actual),$b but it did match." }
                else { $message = "Expected like wildcard $(Format-PLValue $expected) to match $(Format-PLValue $Actual),$b but it did not match." }
            }
        }
        'BeLikeExactly' {
            $matched = [bool]($Actual -clike $expected)
            $ok = if ($Negate) { -not $matched } else { $matched }
            if (-not $ok) {
                if ($Negate) { $message = "Expected case sensitive like wildcard $(Format-PLValue $expected) to not match $(Format-PLValue $Actual),$b but it did match." }
                else { $message = "Expected case sensitive like wildcard $(Format-PLValue $expected) to match $(Format-PLValue $Actual),$b but it did not match." }
            }
        }
        'Contain' {
            $found = [bool]($Actual -contains $expected)
            $ok = if ($Negate) { -not $found } else { $found }
            if (-not $ok) {
                if ($Negate) { $message = "Expected $(Format-PLValue $expected) to not be found in collection $(Format-PLValue $Actual),$b but it was found." }
                else { $message = "Expected $(Format-PLValue $expected) to be found in collection $(Format-PLValue $Actual),$b but it was not found." }
            }
        }
        'BeIn' {
            $found = [bool]($expected -contains $Actual)
            $ok = if ($Negate) { -not $found } else { $found }
            if (-not $ok) {
                if ($Negate) { $message = "Expected collection $(Format-PLValue $expected) to not contain $(Format-PLValue $Actual),$b but it was found." }
                else { $message = "Expected collection $(Format-PLValue $expected) to contain $(Format-PLValue $Actual),$b but it was not found." }
            }
        }
        'HaveCount' {
            $size = [int]$expected
            if ($size -lt 0) { throw [System.ArgumentException]::new('Expected collection size must be greater than or equal to 0.') }
            $count = if ($null -eq $Actual) { 0 } else { $Actual.Count }
            $same = $count -eq $size
            $ok = if ($Negate) { -not $same } else { $same }
            if (-not $ok) {
                if ($Negate) {
                    $expect = if ($size -eq 0) { 'Expected a non-empty collection' } else { "Expected a collection with size different from $(Format-PLValue $size)" }
                    $but = if ($count -ne 0) { "but got collection with that size $(Format-PLValue $Actual)." } else { 'but got an empty collection.' }
                }
                else {
                    $expect = if ($size -eq 0) { 'Expected an empty collection' } else { "Expected a collection with size $(Format-PLValue $size)" }
                    $but = if ($count -ne 0) { "but got collection with size $(Format-PLValue $count) $(Format-PLValue $Actual)." } else { 'but got an empty collection.' }
                }
                $message = "$expect,$b $but"
            }
        }
        'BeOfType' {
            $type = $Options['ExpectedType']
            if ($type -is [string]) {
                $parsed = ($type -replace '^\[(.*)\]$', '$1') -as [type]
                if ($null -eq $parsed) { throw [System.ArgumentException]::new("Could not find type [$type]. Make sure that the assembly that contains that type is loaded.") }
                $type = $parsed
            }
            if ($type -isnot [type]) { throw [System.ArgumentException]::new("-BeOfType needs a type, but got $(Format-PLValue $type).") }
            $is = $Actual -is $type
            $ok = if ($Negate) { -not $is } else { $is }
            if (-not $ok) {
                $actualType = if ($null -ne $Actual) { $Actual.GetType() } else { $null }
                $typeText = if ($null -ne $actualType) { Format-PLValue $actualType } else { '<none>' }
                $not = if ($Negate) { 'not ' } else { '' }
                $message = "Expected the value to ${not}have type $(Format-PLValue $type) or any of its subtypes,$b but got $(Format-PLValue $Actual) with type $typeText."
            }
        }
        'Exist' {
            $path = [string]$Actual
            $exists = $false
            if (-not [string]::IsNullOrEmpty($path)) {
                # Test-Path's check, through the provider API (Test-Path itself is not a core command).
                try { $exists = $CallerState.InvokeProvider.Item.Exists($path) }
                catch { $exists = $false }
            }
            $ok = if ($Negate) { -not $exists } else { $exists }
            if (-not $ok) {
                if ($Negate) { $message = "Expected path $(Format-PLValue $Actual) to not exist,$b but it did exist." }
                else { $message = "Expected path $(Format-PLValue $Actual) to exist,$b but it did not exist." }
            }
        }
        'Throw' {
            $expectedMessage = [string]$Options['ExpectedMessage']
            return Test-PLThrow -Actual $Actual -Negate $Negate -ExpectedMessage $expectedMessage -ErrorId ([string]$Options['ErrorId']) `
                -ExceptionType $Options['ExceptionType'] -PassThru ([bool]$Options['PassThru']) -Because $because
        }
        default { throw "PesterLite internal error: no operator $Operator." }
    }
    return New-PLShouldResult -Succeeded $ok -Message $message
}

function Should {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline = $true)] [AllowNull()] [object] $ActualValue,
        [Parameter(Position = 0)] [AllowNull()] [object] $ExpectedValue,
        [switch] $Not,
        [Alias('EQ')] [switch] $Be,
        [Alias('CEQ')] [switch] $BeExactly,
        [switch] $BeTrue,
        [switch] $BeFalse,
        [switch] $BeNullOrEmpty,
        [Alias('GT')] [switch] $BeGreaterThan,
        [Alias('LT')] [switch] $BeLessThan,
        [Alias('GE')] [switch] $BeGreaterOrEqual,
        [Alias('LE')] [switch] $BeLessOrEqual,
        [switch] $Match,
        [Alias('CMATCH')] [switch] $MatchExactly,
        [switch] $BeLike,
        [switch] $BeLikeExactly,
        [switch] $Contain,
        [switch] $BeIn,
        [switch] $HaveCount,
        [Alias('HaveType')] [switch] $BeOfType,
        [switch] $Throw,
        [switch] $Exist,
        [AllowNull()] [object] $RegularExpression,
        [AllowNull()] [object] $ExpectedType,
        [string] $ExpectedMessage,
        [string] $ErrorId,
        [type] $ExceptionType,
        [switch] $PassThru,
        [string] $Because,
        [Parameter(ValueFromRemainingArguments = $true)] [object[]] $UnsupportedArguments
    )
    begin {
        $inputItems = [System.Collections.Generic.List[object]]::new()
    }
    process {
        $inputItems.Add($ActualValue)
    }
    end {
        Invoke-PLShould -Bound $PSBoundParameters -Items $inputItems -Invocation $MyInvocation -CallerState $PSCmdlet.SessionState
    }
}

function Select-PLAfter {
    # Passes on the pipeline input after the first $Count items (Select-Object -Skip is not a core command).
    param([int] $Count, [Parameter(ValueFromPipeline = $true)] $InputObject)
    begin { $seen = 0 }
    process { if ($seen -ge $Count) { $InputObject }; $seen++ }
}

function Invoke-PLShould {
    param([System.Collections.IDictionary] $Bound, [System.Collections.Generic.List[object]] $Items, $Invocation, $CallerState)

    # Parameters and operators this runner does not know fail the test, never pass it.
    $extra = [System.Collections.Generic.List[object]]::new()
    if ($null -ne $Bound['UnsupportedArguments']) { foreach ($x in $Bound['UnsupportedArguments']) { $extra.Add($x) } }
    $names = @($extra | Where-Object { $_ -is [string] -and $_.Length -gt 1 -and $_.StartsWith('-') } | ForEach-Object { $_.TrimEnd(':') })
    if ($names.Count -gt 0) {
        Invoke-PLUnsupported -Thing ('Should ' + ($names -join ' ')) -Invocation $Invocation
    }
    if ($Bound.ContainsKey('ErrorAction') -and [string]$Bound['ErrorAction'] -ne 'Stop') {
        Invoke-PLUnsupported -Thing "Should -ErrorAction $($Bound['ErrorAction']) (soft assertions)" -Invocation $Invocation
    }

    $operators = @($script:PLOperators.Keys | Where-Object { $Bound.ContainsKey($_) -and [bool]$Bound[$_] })
    if ($operators.Count -eq 0) {
        $first = $Bound['ExpectedValue']
        if ($first -is [string] -and $script:PLOperators.Contains($first.TrimStart('-'))) {
            throw 'Legacy Should syntax (without dashes) is not supported in Pester 5. Please refer to migration guide at: https://pester.dev/docs/migrations/v3-to-v4'
        }
        throw 'Should needs an operator, such as -Be, -BeTrue or -Throw.'
    }
    if ($operators.Count -gt 1) {
        throw ('Should takes one operator, but got {0}.' -f (($operators | ForEach-Object { "-$_" }) -join ', '))
    }
    $operator = $operators[0]
    $slots = @($script:PLOperators[$operator])

    # Named parameters: only those of this operator (Pester binds them per operator).
    $allowed = @($slots) + @('ExpectedValue', 'Not', 'ActualValue', 'UnsupportedArguments', $operator) + $script:PLCommonParameters
    if ($operator -eq 'Throw') { $allowed += 'PassThru' }
    foreach ($key in @($Bound.Keys)) {
        if ($allowed -notcontains $key) {
            Invoke-PLUnsupported -Thing "Should -$operator with -$key" -Invocation $Invocation
        }
    }

    # Positional values fill this operator's positional parameters not given by name, in order.
    $options = @{}
    foreach ($slot in $slots) {
        if ($slot -ne 'ExpectedValue' -and $Bound.ContainsKey($slot)) { $options[$slot] = $Bound[$slot] }
    }
    $positional = [System.Collections.Generic.List[object]]::new()
    if ($Bound.ContainsKey('ExpectedValue')) { $positional.Add($Bound['ExpectedValue']) }
    foreach ($x in $extra) { $positional.Add($x) }
    $free = @($slots | Where-Object { -not $options.Contains($_) })
    if ($positional.Count -gt $free.Count) {
        $shown = @($positional | Select-PLAfter -Count $free.Count | ForEach-Object { Format-PLValue $_ }) -join ', '
        Invoke-PLUnsupported -Thing "Should -$operator with the extra arguments $shown" -Invocation $Invocation
    }
    for ($i = 0; $i -lt $positional.Count; $i++) { $options[$free[$i]] = $positional[$i] }
    if ($operator -eq 'Throw' -and [bool]$Bound['PassThru']) { $options['PassThru'] = $true }

    $negate = [bool]$Bound['Not']
    $toTest = [System.Collections.Generic.List[object]]::new()
    if ($Items.Count -eq 0) { $toTest.Add($null) }
    elseif ($script:PLArrayOperators -contains $operator) { $toTest.Add($Items.ToArray()) }
    else { $toTest.AddRange($Items) }

    for ($i = 0; $i -lt $toTest.Count; $i++) {
        $result = Test-PLOperator -Operator $operator -Actual $toTest[$i] -Negate $negate -Options $options -CallerState $CallerState
        if (-not $result.Succeeded) {
            $location = Format-PLLocation $Invocation
            Add-PLFailure -Message $result.Message -Location $location -Always $false
            $target = @{
                Message            = $result.Message
                File               = $Invocation.ScriptName
                Line               = $Invocation.ScriptLineNumber
                LineText           = $Invocation.Line
                PesterLiteLocation = $location
            }
            $record = [System.Management.Automation.ErrorRecord]::new(
                [System.Exception]::new($result.Message),
                'PesterAssertionFailed',
                [System.Management.Automation.ErrorCategory]::InvalidResult,
                $target)
            throw $record
        }
        if ($result.HasData) { $result.Data }
    }
}

# ------------------------------------------------------------------------------------------
# Run phase
# ------------------------------------------------------------------------------------------

$script:PLRunBlockBody = {
    param($Block)
    Invoke-PLBlockInScope -Block $Block
}

$script:PLRunTestBody = {
    param($Test)
    Invoke-PLTestInScope -Test $Test
}

function Invoke-PLUserBlock {
    # Dot-sources a script block from the test file into the current scope of the test file's
    # session state; output is dropped and a stray break/continue stops here.
    param([scriptblock] $ScriptBlock)
    do { $null = . $ScriptBlock } until ($true)
}

function Test-PLHasRunnableTest {
    param($Block)
    $tests = [System.Collections.Generic.List[object]]::new()
    Get-PLSubtreeTests -Block $Block -Into $tests
    foreach ($t in $tests) { if (-not (Test-PLEffectiveSkip $t)) { return $true } }
    return $false
}

function Set-PLSubtreeResult {
    param($Block, [string] $Message, [string] $Location)
    $tests = [System.Collections.Generic.List[object]]::new()
    Get-PLSubtreeTests -Block $Block -Into $tests
    foreach ($t in $tests) {
        if (Test-PLEffectiveSkip $t) { $t.Result = 'Skipped' }
        else {
            $t.Result = 'Failed'
            $t.ErrorMessage = $Message
            $t.ErrorLocation = $Location
        }
    }
}

function Invoke-PLBlock {
    param($Block)
    if (-not (Test-PLHasRunnableTest $Block)) {
        # Nothing would run: Pester skips the block's setup and teardown too.
        Set-PLSubtreeResult -Block $Block -Message $null -Location $null
        return
    }
    $null = & $script:PLState.Trampoline $script:PLRunBlockBody $Block
}

function Invoke-PLBlockInScope {
    param($Block)
    $state = $script:PLState
    Set-PLDataVariables -HasData $Block.HasData -Data $Block.Data

    $setupFailure = $null
    if ($null -ne $Block.BeforeAll) {
        $state.CurrentSink = $Block.SetupFailures
        try { Invoke-PLUserBlock $Block.BeforeAll }
        catch { $setupFailure = Get-PLErrorInfo $_ }
        finally { $state.CurrentSink = $null }
        if ($null -eq $setupFailure -and $Block.SetupFailures.Count -gt 0) { $setupFailure = $Block.SetupFailures[0] }
    }
    if ($Block.Kind -ne 'Root') {
        $Block.ExpandedName = Expand-PLName -Template $Block.Name -HasData $Block.HasData -Data $Block.Data
    }

    if ($null -ne $setupFailure) {
        Set-PLSubtreeResult -Block $Block -Message ("BeforeAll failed: " + $setupFailure.Message) -Location $setupFailure.Location
    }
    else {
        foreach ($item in $Block.Items) {
            if ($item.Kind -eq 'Test') { Invoke-PLTest -Test $item }
            else { Invoke-PLBlock -Block $item }
        }
    }

    if ($null -ne $Block.AfterAll) {
        $teardownFailure = $null
        $state.CurrentSink = $Block.TeardownFailures
        try { Invoke-PLUserBlock $Block.AfterAll }
        catch { $teardownFailure = Get-PLErrorInfo $_ }
        finally { $state.CurrentSink = $null }
        if ($null -eq $teardownFailure -and $Block.TeardownFailures.Count -gt 0) { $teardownFailure = $Block.TeardownFailures[0] }
        if ($null -ne $teardownFailure) {
            $where = if ($Block.Kind -eq 'Root') { 'the file' } else { "'" + ((Get-PLBlockPath $Block) -join ' ') + "'" }
            $text = "AfterAll failed in ${where}: $($teardownFailure.Message)"
            if ($teardownFailure.Location) { $text += " ($($teardownFailure.Location))" }
            $state.Errors.Add($text)
        }
    }
}

function Invoke-PLTest {
    param($Test)
    if (Test-PLEffectiveSkip $Test) {
        $Test.Result = 'Skipped'
        return
    }
    $null = & $script:PLState.Trampoline $script:PLRunTestBody $Test
}

function Invoke-PLTestInScope {
    param($Test)
    $state = $script:PLState
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Set-PLDataVariables -HasData $Test.HasData -Data $Test.Data
    $chain = Get-PLBlockChain $Test.Block
    $failure = $null
    $expanded = $false
    $state.CurrentSink = $Test.Failures
    try {
        try {
            foreach ($block in $chain) {
                if ($null -ne $block.BeforeEach) { Invoke-PLUserBlock $block.BeforeEach }
            }
            $Test.ExpandedName = Expand-PLName -Template $Test.Name -HasData $Test.HasData -Data $Test.Data
            $expanded = $true
            Invoke-PLUserBlock $Test.Body
        }
        catch {
            $failure = Get-PLErrorInfo $_
        }
        if (-not $expanded) {
            $Test.ExpandedName = Expand-PLName -Template $Test.Name -HasData $Test.HasData -Data $Test.Data
        }
        for ($i = $chain.Count - 1; $i -ge 0; $i--) {
            $block = $chain[$i]
            if ($null -eq $block.AfterEach) { continue }
            try { Invoke-PLUserBlock $block.AfterEach }
            catch {
                $afterFailure = Get-PLErrorInfo $_
                if ($null -eq $failure) { $failure = $afterFailure }
            }
        }
    }
    finally {
        $state.CurrentSink = $null
    }
    if ($null -eq $failure -and $Test.Failures.Count -gt 0) { $failure = $Test.Failures[0] }
    $watch.Stop()
    $Test.Duration = $watch.Elapsed
    if ($null -ne $failure) {
        $Test.Result = 'Failed'
        $Test.ErrorMessage = $failure.Message
        $Test.ErrorLocation = $failure.Location
    }
    else {
        $Test.Result = 'Passed'
    }
}

# ------------------------------------------------------------------------------------------
# Invoke-PesterLite
# ------------------------------------------------------------------------------------------

function Find-PLUnsupportedSyntax {
    # Pester's TestDrive and TestRegistry are not provided; a file that uses them fails as a whole
    # (an undefined $TestDrive would otherwise quietly turn "$TestDrive/x" into "/x").
    param([System.Management.Automation.Language.Ast] $Ast, [string] $File)
    $found = [System.Collections.Generic.List[string]]::new()
    $nodes = $Ast.FindAll({
            param($node)
            ($node -is [System.Management.Automation.Language.VariableExpressionAst] -and
                $node.VariablePath.UserPath -match '^(?:\w+:)?(?:TestDrive|TestRegistry)$') -or
            ($node -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $node.Value -match '(?i)(?:^|[^\w])(?:TestDrive|TestRegistry):')
        }, $true)
    foreach ($node in $nodes) {
        $what = if ($node -is [System.Management.Automation.Language.VariableExpressionAst]) { '$' + ($node.VariablePath.UserPath -replace '^\w+:', '') } else { 'the TestDrive:/TestRegistry: drives' }
        $found.Add(("{0} {1} ({2}:{3})" -f $script:PLUnsupported, $what, $File, $node.Extent.StartLineNumber))
    }
    return , $found
}

function New-PLResult {
    param($State, [System.TimeSpan] $Duration)
    $tests = [System.Collections.Generic.List[object]]::new()
    if ($State.Ran) { Get-PLSubtreeTests -Block $State.Root -Into $tests }
    $rows = [System.Collections.Generic.List[object]]::new()
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($t in $tests) {
        if ($t.Result -eq 'NotRun') {
            $t.Result = 'Failed'
            $t.ErrorMessage = 'PesterLite: the test did not run to completion (a break, continue or exit escaped from the test file?).'
        }
        switch ($t.Result) {
            'Passed' { $passed++ }
            'Skipped' { $skipped++ }
            default { $failed++ }
        }
        $path = [System.Collections.Generic.List[string]]::new()
        foreach ($n in (Get-PLBlockPath $t.Block)) { $path.Add($n) }
        $path.Add($t.ExpandedName)
        $tags = [System.Collections.Generic.List[string]]::new()
        foreach ($b in (Get-PLBlockChain $t.Block)) { foreach ($tag in $b.Tags) { $tags.Add($tag) } }
        foreach ($tag in $t.Tags) { $tags.Add($tag) }
        $rows.Add([pscustomobject]@{
                PSTypeName    = 'PesterLite.TestResult'
                Name          = $t.Name
                ExpandedName  = $t.ExpandedName
                Path          = [string[]]$path.ToArray()
                ExpandedPath  = ($path -join ' ')
                Result        = $t.Result
                ErrorMessage  = $t.ErrorMessage
                ErrorLocation = $t.ErrorLocation
                Tags          = [string[]]$tags.ToArray()
                Duration      = $t.Duration
                Location      = $t.Location
            })
    }
    $errors = [string[]]$State.Errors.ToArray()
    $failedCount = $failed + $errors.Count
    [pscustomobject]@{
        PSTypeName   = 'PesterLite.Result'
        Path         = $State.File
        Result       = if ($failedCount -gt 0) { 'Failed' } else { 'Passed' }
        TotalCount   = $passed + $failedCount + $skipped
        PassedCount  = $passed
        FailedCount  = $failedCount
        SkippedCount = $skipped
        Errors       = $errors
        Tests        = [object[]]$rows.ToArray()
        Duration     = $Duration
    }
}

function Add-PLContainerError {
    param($State, [string] $Message, [string] $Location)
    $text = if ([string]::IsNullOrEmpty($Location)) { $Message } else { "$Message ($Location)" }
    if (-not $State.Errors.Contains($text)) { $State.Errors.Add($text) }
}

function Invoke-PLContainer {
    param([string] $File, [System.Management.Automation.SessionState] $UserState)
    $root = New-PLBlock -Kind 'Root' -Name '' -Parent $null -Tag @() -Skip $false -HasData $false -Data $null -Fixture $null -Location $File
    $trampoline = $UserState.InvokeCommand.InvokeScript($UserState, [scriptblock]::Create('{ & $args[0] $args[1] }'), @())[0]
    $dotSource = $UserState.InvokeCommand.InvokeScript($UserState, [scriptblock]::Create('{ . $args[0] }'), @())[0]
    $state = [pscustomobject]@{
        File             = $File
        Phase            = 'Discovery'
        Root             = $root
        CurrentBlock     = $root
        CurrentSink      = $root.SetupFailures
        ShouldThrowDepth = 0
        UserState        = $UserState
        Trampoline       = $trampoline
        DotSource        = $dotSource
        Errors           = [System.Collections.Generic.List[string]]::new()
        Ran              = $false
    }
    $script:PLState = $state

    if (-not [System.IO.File]::Exists($File)) {
        Add-PLContainerError -State $state -Message "Test file not found: $File"
        return $state
    }

    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$parseErrors)
    if ($parseErrors.Count -gt 0) {
        # One container failure for the file, listing every parse error.
        $all = @($parseErrors | ForEach-Object { '{0} ({1}:{2}:{3})' -f $_.Message, $File, $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber })
        Add-PLContainerError -State $state -Message ('Syntax error: ' + ($all -join '; '))
        return $state
    }
    foreach ($text in (Find-PLUnsupportedSyntax -Ast $ast -File $File)) { Add-PLContainerError -State $state -Message $text }
    if ($state.Errors.Count -gt 0) { return $state }

    # Discovery: run the file; Describe/Context bodies run now, everything else is collected.
    try {
        $null = & $trampoline $script:PLDiscoverFile $state
    }
    catch {
        $info = Get-PLErrorInfo $_
        Add-PLContainerError -State $state -Message ("Discovery failed: " + $info.Message) -Location $info.Location
    }
    foreach ($f in $root.SetupFailures) {
        Add-PLContainerError -State $state -Message ("Discovery failed: " + $f.Message) -Location $f.Location
    }
    $root.SetupFailures.Clear()
    $state.CurrentSink = $null
    if ($state.Errors.Count -gt 0) { return $state }

    # Run.
    $state.Phase = 'Run'
    $state.Ran = $true
    $state.CurrentBlock = $null
    try {
        Invoke-PLBlock -Block $root
    }
    catch {
        $info = Get-PLErrorInfo $_
        Add-PLContainerError -State $state -Message ("PesterLite failed while running the file: " + $info.Message) -Location $info.Location
    }
    $state.Phase = 'Done'
    return $state
}

function Invoke-PesterLite {
    <#
    .SYNOPSIS
    Runs one Pester 5 test file with PesterLite and (with -PassThru) returns the result.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Path,
        [switch] $PassThru
    )
    $ErrorActionPreference = 'Stop'
    $file = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $previous = $script:PLState
    try {
        $state = Invoke-PLContainer -File $file -UserState $PSCmdlet.SessionState
        $result = New-PLResult -State $state -Duration $watch.Elapsed
    }
    finally {
        $script:PLState = $previous
    }
    if ($PassThru) { return $result }
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($e in $result.Errors) { $lines.Add("[-] $e") }
    foreach ($t in $result.Tests) {
        $mark = switch ($t.Result) { 'Passed' { '[+]' } 'Skipped' { '[!]' } default { '[-]' } }
        $lines.Add("$mark $($t.ExpandedPath)")
        if ($t.Result -eq 'Failed') { $lines.Add("    $($t.ErrorMessage)") }
    }
    $lines.Add(("Tests Passed: {0}, Failed: {1}, Skipped: {2}" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount))
    foreach ($line in $lines) {
        try { $Host.UI.WriteLine($line) } catch { $null = $_ }
    }
}

Export-ModuleMember -Function @(
    'Invoke-PesterLite',
    'Describe', 'Context', 'It',
    'BeforeAll', 'AfterAll', 'BeforeEach', 'AfterEach', 'BeforeDiscovery',
    'Should',
    'Mock', 'InModuleScope', 'Set-ItResult', 'New-PesterConfiguration', 'New-PesterContainer',
    'New-MockObject', 'Assert-MockCalled', 'Assert-VerifiableMock', 'Add-ShouldOperator', 'Get-ShouldOperator'
)
