using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>The AppRole cmdlets: a <see cref="TokenCmdlet"/> with the AppRole mount, which binds by name from their outputs.</summary>
public abstract class AppRoleCmdlet : TokenCmdlet
{
    /// <summary>The AppRole mount path.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "approle")]
    public string Mount { get; set; } = "approle";
}
