using System.Management.Automation;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// DESIGN rule 2: each cmdlet's help shows one real pipeline. The module ships MAML help generated from the
/// cmdlets' XML comments (module/en-US); Get-Help in a runspace shows it.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private const string Regenerate = "VAULTRUNBOOK_WRITE_HELP";
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    private static string Committed => Path.Combine(RepoPaths.Root, "module", "en-US", "VaultRunbook.Cmdlets.dll-Help.xml");

    private static string XmlDoc => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.Cmdlets.xml");

    [Fact]
    public void The_committed_help_file_is_what_the_cmdlets_comments_give()
    {
        var cmdlets = _session.Run("Get-Command -Module VaultRunbook -CommandType Cmdlet").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();
        var help = MamlHelpWriter.Write(cmdlets, XmlDoc);
        if (Environment.GetEnvironmentVariable(Regenerate) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Committed)!);
            File.WriteAllText(Committed, help);
        }

        Assert.True(cmdlets.Count >= 26, $"only {cmdlets.Count} cmdlets were found");
        Assert.True(
            File.Exists(Committed) && File.ReadAllText(Committed) == help,
            $"{Committed} is not what the cmdlets' XML comments give; regenerate it: {Regenerate}=1 dotnet test tests/unit/VaultRunbook.Tests --filter FullyQualifiedName~HelpTests, then rebuild.");
    }

    [Fact]
    public void Get_Help_shows_every_cmdlet_s_synopsis_explained_pipeline_examples_and_a_description_of_each_parameter()
    {
        var result = _session.Run("""
            foreach ($command in Get-Command -Module VaultRunbook -CommandType Cmdlet) {
                $help = Get-Help $command.Name -Full
                $undescribed = foreach ($parameter in @($help.parameters.parameter)) {
                    if (-not ((@($parameter.description) | ForEach-Object { $_.Text }) -join '')) { $parameter.name }
                }
                [pscustomobject]@{
                    Name        = $command.Name
                    Synopsis    = "$($help.Synopsis)".Trim()
                    Examples    = @($help.examples.example).Count
                    Piped       = @(@($help.examples.example) | Where-Object { $_.code -match '\|' }).Count
                    Parameters  = @($help.parameters.parameter).Count
                    Undescribed = @($undescribed) -join ', '
                    # An example without its explaining sentence, and commands an example calls that do not exist.
                    Unexplained = @(@($help.examples.example) | Where-Object { -not ((@($_.remarks) | ForEach-Object { $_.Text }) -join '').Trim() } | ForEach-Object { $_.code }) -join ' | '
                    Missing     = @(@($help.examples.example) | ForEach-Object { [regex]::Matches($_.code, '\b[A-Z][a-z]+-[A-Za-z0-9]+\b') | ForEach-Object Value } |
                        Where-Object { -not (Get-Command $_ -ErrorAction Ignore) } | Sort-Object -Unique) -join ', '
                }
            }
            """);

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.True(result.Output.Count >= 26);
        Assert.All(result.Output, help =>
        {
            var name = (string)help.Properties["Name"].Value;
            var synopsis = (string)help.Properties["Synopsis"].Value;
            Assert.False(synopsis.Length == 0 || synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name}: no synopsis in its help ('{synopsis}')");
            Assert.True((int)help.Properties["Piped"].Value >= 1, $"{name}: no example with a pipeline");
            Assert.True((int)help.Properties["Parameters"].Value >= 1, $"{name}: no parameters in its help");
            Assert.True((string)help.Properties["Undescribed"].Value == string.Empty, $"{name}: parameters without a description: {help.Properties["Undescribed"].Value}");
            Assert.True((string)help.Properties["Unexplained"].Value == string.Empty, $"{name}: examples without a sentence that explains them: {help.Properties["Unexplained"].Value}");
            Assert.True((string)help.Properties["Missing"].Value == string.Empty, $"{name}: examples call commands that do not exist: {help.Properties["Missing"].Value}");
        });
    }
}
