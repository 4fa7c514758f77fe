using System.Management.Automation;
using System.Xml.Linq;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>The data-plane cmdlets as the module exports them: declared outputs with views, ShouldProcess, help examples.</summary>
public sealed class ModuleSurfaceTests : IDisposable
{
    private static readonly string[] Names = { "Get-RunbookSecret", "Start-VaultEnvProcess", "Get-SecretAccessStats" };
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void The_cmdlets_are_exported_with_output_types_that_have_views()
    {
        var formatFile = Path.Combine(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!, "VaultRunbook.format.ps1xml");
        var viewed = XDocument.Load(formatFile).Descendants("TypeName").Select(e => e.Value.Trim()).ToHashSet(StringComparer.Ordinal);

        foreach (var name in Names)
        {
            var info = (CmdletInfo)Assert.Single(_session.Run($"Get-Command {name} -Module VaultRunbook").Output).BaseObject;
            Assert.NotEmpty(info.OutputType);
            Assert.All(info.OutputType.Where(t => t.Name.StartsWith("VaultRunbook.", StringComparison.Ordinal)), t => Assert.Contains(t.Name, viewed));
        }

        var start = (CmdletInfo)_session.Run("Get-Command Start-VaultEnvProcess").Output[0].BaseObject;
        Assert.True(start.Parameters.ContainsKey("WhatIf"));
        Assert.True(start.Parameters.ContainsKey("Confirm"));
    }
}
