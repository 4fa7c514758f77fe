using System.Collections;
using System.Management.Automation.Language;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// Reads a secret map: a .psd1 data file (one hashtable literal, read with PowerShell's own parser and
/// SafeGetValue, so nothing in it runs) or JSON (any other extension).
/// </summary>
internal static class SecretMapFile
{
    public static SecretMap Load(string path)
    {
        SecretMap.CheckFile(path);

        if (!path.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
        {
            return SecretMap.Load(path);
        }

        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
        {
            throw Invalid(path, $"line {errors[0].Extent.StartLineNumber}: {errors[0].Message}");
        }

        var statements = ast.EndBlock?.Statements;
        if (ast.BeginBlock is not null || ast.ProcessBlock is not null || statements is not { Count: 1 }
            || statements[0] is not PipelineAst pipeline || pipeline.GetPureExpression() is not HashtableAst table)
        {
            throw Invalid(path, "a .psd1 secret map must hold one hashtable literal, @{ NAME = @{ Mount = 'secret'; Path = '...'; Field = '...' } }");
        }

        object? value;
        try
        {
            value = table.SafeGetValue();
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(path, $"only literal values are allowed ({ex.Message})");
        }

        return SecretMap.FromDictionary((IDictionary)value!, path);
    }

    private static ConfigurationException Invalid(string path, string problem) =>
        new(SecretMap.InvalidErrorId, $"The secret map '{path}' is not valid: {problem}.") { Target = path };
}
