using System.Management.Automation;

namespace EmptyModule;

[Cmdlet(VerbsCommon.Get, "Nothing")]
[OutputType(typeof(string))]
public sealed class GetNothingCommand : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject("nothing");
}
