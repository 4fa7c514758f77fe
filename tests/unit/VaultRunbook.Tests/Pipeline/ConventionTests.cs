using System.Management.Automation;
using System.Xml.Linq;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>The module's conventions (DESIGN.md), checked on the built module as PowerShell sees it.</summary>
public sealed class ConventionTests : IDisposable
{
    // Verbs that only read or report; everything else changes state and must support ShouldProcess.
    private static readonly HashSet<string> ReadOnlyVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Get", "Test", "Search", "Find", "Measure", "Read", "Resolve", "Assert", "Show", "Compare", "Watch", "Wait", "Format", "ConvertTo", "ConvertFrom",
    };

    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    private IReadOnlyList<CmdletInfo> Cmdlets() =>
        _session.Run("Get-Command -Module VaultRunbook").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    [Fact]
    public void Get_VaultActionLog_Action_accepts_every_action_the_cmdlets_journal()
    {
        // Every action name written to the journal (ActionRecord.Now("X"...), RunRecorded("X"...) or a
        // const string X = "..." in an *Actions class) must be one -Action accepts, or the runbook cannot filter it.
        var source = Path.Combine(RepoPaths.Root, "src", "VaultRunbook.Cmdlets");
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            // ActionRecord.Now("X", ...), RunRecorded("X", ...), and the Kubernetes cmdlets' Apply(kind, ns, name, "X", ...).
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "(?:ActionRecord\\.Now|RunRecorded)\\(\\s*\"([A-Za-z0-9]+)\"|\\bApply\\([^;\"]*?,\\s*\"([A-Za-z0-9]+)\","))
            {
                written.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            }

            if (Path.GetFileName(file).EndsWith("Actions.cs", StringComparison.Ordinal))
            {
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "const string \\w+ = \"([A-Za-z]+)\""))
                {
                    written.Add(m.Groups[1].Value);
                }
            }
        }

        var accepted = _session.Run("(Get-Command Get-VaultActionLog).Parameters['Action'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues")
            .Output.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Unseal", written); // the scan finds what it looks for
        Assert.Contains("RootTokenGenerationStart", written);
        Assert.Contains("K8sRestart", written);
        Assert.DoesNotContain(written, a => !accepted.Contains(a));
    }

    [Fact]
    public void The_manifest_passes_Test_ModuleManifest()
    {
        var manifest = _session.Run($"Test-ModuleManifest -Path '{RepoPaths.ModuleManifest}'");

        Assert.Empty(manifest.Errors);
        var info = (PSModuleInfo)Assert.Single(manifest.Output).BaseObject;
        Assert.Equal(new Version(7, 4), info.PowerShellVersion);
        Assert.Contains("Core", info.CompatiblePSEditions);
        Assert.NotNull(info.ProjectUri);
        Assert.NotEmpty(info.Tags);
    }

    [Fact]
    public void Every_manifest_export_exists_and_every_cmdlet_is_exported()
    {
        var manifestText = File.ReadAllText(RepoPaths.ModuleManifest);
        Assert.DoesNotContain("*", ExportsBlock(manifestText));
        var declared = ExportsBlock(manifestText).Split('\'', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim()).Where(s => s.Contains('-')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exported = Cmdlets().Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var implemented = _session.Run(
            "(Get-Module VaultRunbook).ImplementingAssembly.GetExportedTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } | ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; $a.VerbName + '-' + $a.NounName }")
            .Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(x => x), exported.OrderBy(x => x));
        Assert.Equal(implemented.OrderBy(x => x), declared.OrderBy(x => x));
        foreach (var fixedName in new[] { "Get-VaultHealth", "Invoke-VaultUnseal" })
        {
            Assert.Contains(fixedName, exported);
        }
    }

    [Fact]
    public void Every_cmdlet_declares_OutputType()
    {
        var missing = Cmdlets().Where(c => c.OutputType.Count == 0).Select(c => c.Name).ToList();

        Assert.True(missing.Count == 0, "No [OutputType]: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_state_changing_cmdlet_supports_ShouldProcess()
    {
        var changing = Cmdlets().Where(c => !ReadOnlyVerbs.Contains(c.Verb)).ToList();
        var missing = changing.Where(c => !c.Parameters.ContainsKey("WhatIf") || !c.Parameters.ContainsKey("Confirm")).Select(c => c.Name).ToList();

        Assert.NotEmpty(changing);
        Assert.True(missing.Count == 0, "No ShouldProcess: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_output_type_has_a_format_view()
    {
        var formatFile = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "VaultRunbook.format.ps1xml");
        var viewed = XDocument.Load(formatFile).Descendants("TypeName").Select(e => e.Value.Trim()).ToHashSet(StringComparer.Ordinal);
        // The module's own types need views; PowerShell already formats .NET's (SecureString, Process, String).
        var outputTypes = Cmdlets().SelectMany(c => c.OutputType).Select(t => t.Name)
            .Where(n => n.StartsWith("VaultRunbook.", StringComparison.Ordinal))
            .Distinct().ToList();

        Assert.NotEmpty(outputTypes);
        var missing = outputTypes.Where(t => !viewed.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "No format view for: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_engine_loads_in_the_module_private_context_when_not_already_present()
    {
        // In this test process the Engine is also a direct reference (default context); under the Host it is not.
        var dependencies = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "Dependencies");

        Assert.True(File.Exists(Path.Combine(dependencies, "VaultRunbook.Engine.dll")));
        Assert.True(File.Exists(Path.Combine(dependencies, "Polly.Core.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "Polly.Core.dll")));
    }

    [Fact]
    public void No_exported_cmdlet_type_lays_out_an_engine_value_type()
    {
        // PowerShell calls GetExportedTypes() before OnImport: a field of an Engine enum or struct would load the
        // Engine into the default context first and break the module-private load context in real pwsh.
        var cmdlets = System.Reflection.Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "VaultRunbook.Cmdlets.dll"));
        var offenders = cmdlets.GetExportedTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(f => (Nullable.GetUnderlyingType(f.FieldType) ?? f.FieldType) is { IsValueType: true } v && v.Assembly.GetName().Name!.StartsWith("VaultRunbook.Engine", StringComparison.Ordinal))
                .Select(f => $"{t.Name}.{f.Name}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Engine value types in cmdlet layouts: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_declared_output_type_name_is_a_real_type()
    {
        var engine = typeof(VaultRunbook.Engine.Vault.VaultHealth).Assembly;
        var names = Cmdlets().SelectMany(c => c.OutputType).Select(t => t.Name).Distinct().ToList();
        var unresolved = names.Where(n => n.StartsWith("VaultRunbook.Engine.", StringComparison.Ordinal) && engine.GetType(n) is null).ToList();

        Assert.Contains("VaultRunbook.Engine.Vault.VaultHealth", names);
        Assert.True(unresolved.Count == 0, "Output types that do not exist: " + string.Join(", ", unresolved));
    }

    private static string ExportsBlock(string manifest)
    {
        var start = manifest.IndexOf("CmdletsToExport", StringComparison.Ordinal);
        var end = manifest.IndexOf(')', start);
        return manifest[start..end];
    }
}
