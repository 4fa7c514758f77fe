using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Tab completion for -Address: VAULT_ADDR, the sandboxes started in this session that still run, and the
/// addresses this session used, most recent first. Nothing is fetched over the network.
/// </summary>
public sealed class VaultAddressCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var session = ModuleSession.Current;
        var candidates = new List<(string Address, string Origin)>();
        if (Environment.GetEnvironmentVariable("VAULT_ADDR") is { Length: > 0 } fromEnvironment)
        {
            candidates.Add((Engine.Vault.VaultAddress.Redact(fromEnvironment.Trim()), "VAULT_ADDR"));
        }

        candidates.AddRange(session.RunningSandboxes.Select(address => (address, "sandbox started in this session")));
        candidates.AddRange(session.RecentAddresses.Select(address => (address, "used in this session")));

        return candidates
            .DistinctBy(c => c.Address, StringComparer.OrdinalIgnoreCase)
            .Where(c => Matches(c.Address, typed))
            .Select(c => new CompletionResult(Quote(c.Address), c.Address, CompletionResultType.ParameterValue, $"{c.Address} ({c.Origin})"))
            .ToList();
    }

    // "vault-1", "https://vault-1" and "127" all find "https://vault-1:8200" / "http://127.0.0.1:8200".
    private static bool Matches(string address, string typed) =>
        typed.Length == 0
        || address.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
        || (address.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 && address[(scheme + 3)..].StartsWith(typed, StringComparison.OrdinalIgnoreCase));

    private static string Quote(string address) =>
        address.IndexOfAny([' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#']) < 0 ? address : $"'{address.Replace("'", "''", StringComparison.Ordinal)}'";
}
