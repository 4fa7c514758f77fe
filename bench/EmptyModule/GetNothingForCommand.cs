using System.Management.Automation;

namespace EmptyModule;

/// <summary>
/// An empty cmdlet that takes a name as Get-RunbookSecret does (mandatory, positional, a string array from the
/// pipeline): the pipeline's own cost of binding one argument, for the per-call benchmark.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NothingFor")]
[OutputType(typeof(string))]
public sealed class GetNothingForCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = System.Array.Empty<string>();

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            WriteObject(name);
        }
    }
}
