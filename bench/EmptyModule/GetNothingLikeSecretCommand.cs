using System.Management.Automation;
using System.Security;

namespace EmptyModule;

/// <summary>
/// An empty cmdlet with Get-RunbookSecret's parameters (the same names, types, positions and pipeline binding) and
/// no work: what PowerShell's binder charges per call for that parameter surface alone, for the per-call benchmark.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NothingLikeSecret")]
[OutputType(typeof(string))]
public sealed class GetNothingLikeSecretCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = System.Array.Empty<string>();

    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    [Parameter]
    public SwitchParameter NoCache { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretMap { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatsPath { get; set; }

    [Parameter]
    [Alias("VaultAddress", "Node")]
    public string? Address { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SecureString? Token { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Namespace { get; set; }

    [Parameter]
    public string? CACertificatePath { get; set; }

    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    [Parameter]
    public int TimeoutSec { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            WriteObject(name);
        }
    }
}
