using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;
using VaultRunbook.Adversarial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests;

/// <summary>
/// Bad input across the cmdlets: malformed addresses (credentials in the userinfo, port 99999, an unclosed IPv6
/// bracket, CR/LF), tokens and namespaces carrying CR/LF or NUL, out-of-range timeouts and canary percentages,
/// directories given as files, missing and garbage files, garbage rollout state. Each must end in an error whose
/// FullyQualifiedErrorId is the module's own (VaultRunbook.*), whose message holds no stack trace, and whose record
/// (and every other stream) holds no secret the input carried.
/// </summary>
public sealed partial class BadInputTests : SandboxScenarioTest
{
    private static readonly string Password = $"pw{Guid.NewGuid():N}";
    private static readonly string TokenText = $"hvs.adv{Guid.NewGuid():N}";

    public BadInputTests(ITestOutputHelper output)
        : base(output, "bad")
    {
    }

    /// <summary>
    /// The bad inputs. Variables: $sb (unsealed sandbox), $conn (@{ Address; Token }), $tok, $work, $dir (a
    /// directory), $missing (a path that does not exist), $garbage (random bytes), $empty (an empty file),
    /// $comments (only # lines), $garbageRollout, $arrayRollout, $wrongRollout (percent 500), $badModeRollout,
    /// $envRollout (a valid env-mode state), $emptyMap, $garbageMap, $codeMap (a .psd1 that would run code), $stats,
    /// $share (a well-formed share SecureString), $peer (an HTML-answering peer's address).
    /// </summary>
    internal static IReadOnlyList<BadInput> Inputs()
    {
        var inputs = new List<BadInput>();
        var addresses = new (string What, string Address, string[] Secrets)[]
        {
            ("an address without a scheme", "vault.internal:8200", []),
            ("an address that is not a URL", "not a url", []),
            ("an ftp address", "ftp://vault:8200", []),
            ("port 99999", "http://127.0.0.1:99999", []),
            ("an unclosed IPv6 bracket", "http://[::1", []),
            ("a negative port", "http://127.0.0.1:-1", []),
            ("a scheme and nothing else", "http://", []),
            ("CR/LF in the address", "http://127.0.0.1:1\r\nX-Injected: 1", []),
            ("a user and password in the userinfo", $"http://admin:{Password}@127.0.0.1:1", [Password]),
            ("a token as the userinfo", $"https://{TokenText}@127.0.0.1:1", [TokenText]),
            ("a javascript: URL", "javascript:alert(1)", []),
            ("blanks", "   ", []),
        };
        foreach (var (what, address, secrets) in addresses)
        {
            var literal = Quote(address);
            var repairable = secrets.Length > 0;
            inputs.Add(new("Get-VaultHealth", what, $"Get-VaultHealth -Address {literal} -TimeoutSec 2", secrets) { MayBeRepaired = repairable });
            inputs.Add(new("Get-VaultSecret", what, $"Get-VaultSecret -Address {literal} -Token $tok -Path adv/x -TimeoutSec 2", secrets) { MayBeRepaired = repairable });
            inputs.Add(new("Invoke-VaultSeal", what, $"Invoke-VaultSeal -Address {literal} -Token $tok -TimeoutSec 2 -Confirm:$false", secrets) { MayBeRepaired = repairable });
        }

        var tokens = new (string What, string Token)[]
        {
            ("a token with CR/LF and a header after it", TokenText + "\r\nX-Injected: yes"),
            ("a token with LF and a namespace header after it", TokenText + "\nX-Vault-Namespace: evil"),
            ("a token with a NUL", TokenText + "\0"),
            ("a token with a non-ASCII letter", TokenText + "\u00e9"),
        };
        foreach (var (what, token) in tokens)
        {
            var secure = $"(ConvertTo-SecureString {Quote(token)} -AsPlainText -Force)";
            inputs.Add(new("Get-VaultSecret", what, $"Get-VaultSecret -Address $sb.Address -Token {secure} -Path adv/x", TokenText));
            inputs.Add(new("Invoke-VaultRequest", what, $"Invoke-VaultRequest -Address $sb.Address -Token {secure} GET sys/mounts", TokenText));
            inputs.Add(new("Invoke-SecretRotation", what, $"Invoke-SecretRotation -Address $sb.Address -Token {secure} -Path adv/x -Generate value -Confirm:$false", TokenText));
        }

        inputs.AddRange(
        [
            new("Get-VaultSecret", "a namespace with CR/LF and a header after it", "Get-VaultSecret @conn -Namespace \"team`r`nX-Injected: yes\" -Path adv/x"),
            new("Get-VaultHealth", "a namespace with LF", "Get-VaultHealth -Address $sb.Address -Namespace \"team`nX-Injected: yes\""),
            new("Get-VaultHealth", "-TimeoutSec 0", "Get-VaultHealth -Address $sb.Address -TimeoutSec 0"),
            new("Get-VaultHealth", "-TimeoutSec -1", "Get-VaultHealth -Address $sb.Address -TimeoutSec -1"),
            new("Get-VaultSecret", "-TimeoutSec 0", "Get-VaultSecret @conn -Path adv/x -TimeoutSec 0"),
            new("Get-VaultHealth", "-ThrottleLimit 0", "Get-VaultHealth -Address $sb.Address -ThrottleLimit 0"),
            new("Get-VaultHealth", "an HTML page instead of Vault", "Get-VaultHealth -Address $peer"),
            new("Set-VaultCanary", "-Percent 101", "Set-VaultCanary -ConfigPath (Join-Path $work 'r1.json') -Percent 101 -Confirm:$false"),
            new("Set-VaultCanary", "-Percent -5", "Set-VaultCanary -ConfigPath (Join-Path $work 'r1.json') -Percent -5 -Confirm:$false"),
            new("Set-VaultCanary", "-Mode Bogus", "Set-VaultCanary -ConfigPath (Join-Path $work 'r1.json') -Percent 5 -Mode Bogus -Confirm:$false"),
            new("Set-VaultCanary", "a directory as -ConfigPath", "Set-VaultCanary -ConfigPath $dir -Percent 5 -Confirm:$false"),
            new("Set-VaultCanary", "garbage rollout JSON", "Set-VaultCanary -ConfigPath $garbageRollout -Percent 5 -Confirm:$false"),
            new("Set-VaultCanary", "a JSON array as rollout state", "Set-VaultCanary -ConfigPath $arrayRollout -Percent 5 -Confirm:$false"),
            new("Get-VaultRollout", "rollout state with CanaryPercent 500", "Get-VaultRollout -ConfigPath $wrongRollout"),
            new("Get-VaultRollout", "rollout state with an unknown mode", "Get-VaultRollout -ConfigPath $badModeRollout"),
            new("Get-VaultRollout", "garbage rollout JSON", "Get-VaultRollout -ConfigPath $garbageRollout"),
            new("Enable-KillSwitch", "garbage rollout JSON", "Enable-KillSwitch -ConfigPath $garbageRollout -Reason 'drill' -Confirm:$false"),
            new("Enable-KillSwitch", "an empty -Reason", "Enable-KillSwitch -ConfigPath (Join-Path $work 'r2.json') -Reason '' -Confirm:$false"),
            new("Disable-KillSwitch", "a directory as -ConfigPath", "Disable-KillSwitch -ConfigPath $dir -Confirm:$false"),
            new("Test-VaultRolloutReadiness", "garbage rollout JSON", "Test-VaultRolloutReadiness -ConfigPath $garbageRollout -StatsPath $stats"),
            new("Step-VaultCanary", "rollout state with CanaryPercent 500", "Step-VaultCanary -ConfigPath $wrongRollout -StatsPath $stats -Force -Confirm:$false"),
            new("Get-VaultRollout", "-Store Vault without -Path", "Get-VaultRollout -Store Vault -Address $sb.Address -Token $tok"),
            new("Invoke-VaultUnseal", "a directory as -KeyFile", "Invoke-VaultUnseal -Address $sb.Address -KeyFile $dir"),
            new("Invoke-VaultUnseal", "a missing -KeyFile", "Invoke-VaultUnseal -Address $sb.Address -KeyFile $missing"),
            new("Invoke-VaultUnseal", "a garbage (binary) key file", "Invoke-VaultUnseal -Address $sb.Address -KeyFile $garbage"),
            new("Invoke-VaultUnseal", "an empty key file", "Invoke-VaultUnseal -Address $sb.Address -KeyFile $empty"),
            new("Invoke-VaultUnseal", "a key file of comments only", "Invoke-VaultUnseal -Address $sb.Address -KeyFile $comments"),
            new("Invoke-VaultUnseal", "a -Key that is not a share", "Invoke-VaultUnseal -Address $sb.Address -Key (ConvertTo-SecureString 'not*a*share' -AsPlainText -Force)"),
            new("Search-VaultAuditLog", "a missing log file", "Search-VaultAuditLog -Path $missing"),
            new("Search-VaultAuditLog", "a directory as the log file", "Search-VaultAuditLog -LiteralPath $dir"),
            new("Search-VaultAuditLog", "-Since and -After together", "Search-VaultAuditLog -Path $empty -Since 1h -After (Get-Date)"),
            new("Search-VaultAuditLog", "a -Since that is neither a time nor an age", "Search-VaultAuditLog -Path $empty -Since 'last tuesday-ish'"),
            new("Get-VaultActionLog", "a directory as the journal", "Get-VaultActionLog -Path $dir"),
            new("Get-SecretAccessStats", "a directory as -StatsPath", "Get-SecretAccessStats -StatsPath $dir"),
            new("Get-SecretAccessStats", "a garbage statistics file", "Get-SecretAccessStats -StatsPath $garbage"),
            new("Get-SecretAccessStats", "-Since after -Until", "Get-SecretAccessStats -StatsPath $stats -Since (Get-Date).AddDays(1) -Until (Get-Date)"),
            new("Get-RunbookSecret", "a missing secret map", "Get-RunbookSecret ADV -SecretMap $missing -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "a directory as the secret map", "Get-RunbookSecret ADV -SecretMap $dir -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "a garbage JSON secret map", "Get-RunbookSecret ADV -SecretMap $garbageMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "a .psd1 secret map that would run code", "Get-RunbookSecret ADV -SecretMap $codeMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "a NUL character in the secret map's path", "Get-RunbookSecret ADV -SecretMap \"$dir/map`0.json\" -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "a NUL character in the state file's path", "Get-RunbookSecret ADV -SecretMap $emptyMap -ConfigPath \"$dir/rollout`0.json\" -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Get-RunbookSecret", "garbage rollout JSON", "Get-RunbookSecret ADV -SecretMap $emptyMap -ConfigPath $garbageRollout -StatsPath $stats -Address $sb.Address -Token $tok"),
            new("Start-VaultEnvProcess", "a program that does not exist", "Start-VaultEnvProcess (Join-Path $work 'no-such-program') -SecretMap $emptyMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok -Wait"),
            new("Start-VaultEnvProcess", "a NUL character in the program's path", "Start-VaultEnvProcess \"/bin/s`0h\" '-c', 'exit 0' -SecretMap $emptyMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok -Wait"),
            new("Start-VaultEnvProcess", "a NUL character in the working directory", "Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -WorkingDirectory \"$work/d`0ir\" -SecretMap $emptyMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok -Wait"),
            new("Start-VaultEnvProcess", "a missing working directory", "Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -WorkingDirectory $missing -SecretMap $emptyMap -ConfigPath $envRollout -StatsPath $stats -Address $sb.Address -Token $tok -Wait"),
            new("Start-VaultSandbox", "-Threshold above -Shares", "Start-VaultSandbox -Shares 2 -Threshold 3 -DataPath (Join-Path $work 'sb-threshold')"),
            new("Start-VaultSandbox", "a file as -DataPath", "Start-VaultSandbox -DataPath $garbage"),
            new("Start-VaultSandbox", "-Port 70000", "Start-VaultSandbox -Port 70000 -DataPath (Join-Path $work 'sb-port')"),
            new("Add-VaultSandboxFault", "-StatusCode 42", "$sb | Add-VaultSandboxFault -Kind Status -StatusCode 42"),
            new("Invoke-VaultRequest", "a -Body string that is not JSON", "Invoke-VaultRequest @conn POST secret/data/adv/y -Body '{not json'"),
            new("Invoke-VaultRequest", "-Method BOGUS", "Invoke-VaultRequest @conn BOGUS sys/mounts"),
            new("Invoke-SecretRotation", "nothing to rotate", "Invoke-SecretRotation @conn -Path adv/x -Confirm:$false"),
            new("Invoke-SecretRotation", "a field in both -Data and -Generate", "Invoke-SecretRotation @conn -Path adv/x -Data @{ value = 'v' } -Generate value -Confirm:$false"),
            new("Invoke-SecretRotation", "a -Data entry without a name", "Invoke-SecretRotation @conn -Path adv/x -Data @{ '' = 'v' } -Confirm:$false"),
            new("Invoke-SecretRotation", "-Length 1", "Invoke-SecretRotation @conn -Path adv/x -Generate value -Length 1 -Confirm:$false"),
            new("Invoke-SecretRotation", "a path that climbs out of the mount", "Invoke-SecretRotation @conn -Path '../../sys/seal' -Generate value -Confirm:$false"),
            new("Invoke-SecretRotation", "a KV v1 mount", "Invoke-SecretRotation @conn -Mount kv-v1 -Path adv/x -Generate value -Confirm:$false"),
            new("Get-VaultSecret", "-Version 0", "Get-VaultSecret @conn -Path adv/x -Version 0"),
            new("Get-VaultSecret", "a path that climbs out of the mount", "Get-VaultSecret @conn -Path 'adv/../../../sys/seal-status'"),
            new("Get-VaultSecret", "a mount that climbs out", "Get-VaultSecret @conn -Mount '../sys' -Path seal-status"),
            new("Set-VaultSecret", "-Cas -1", "Set-VaultSecret @conn -Path adv/y -Data @{ value = 'v' } -Cas -1 -Confirm:$false"),
            new("Set-VaultSecret", "no fields", "Set-VaultSecret @conn -Path adv/y -Data @{} -Confirm:$false"),
            new("Set-VaultSecret", "a path that climbs out of the mount", "Set-VaultSecret @conn -Path '../../sys/seal' -Data @{ value = 'v' } -Confirm:$false"),
            new("Set-VaultSecret", "-Patch on a KV v1 mount", "Set-VaultSecret @conn -Mount kv-v1 -Path adv/x -Patch -Data @{ value = 'v' } -Confirm:$false"),
            new("Remove-VaultSecret", "-Version 0", "Remove-VaultSecret @conn -Path adv/x -Destroy -Version 0 -Confirm:$false"),
            new("Remove-VaultSecret", "-Destroy on a KV v1 mount", "Remove-VaultSecret @conn -Mount kv-v1 -Path adv/x -Destroy -Version 1 -Confirm:$false"),
            new("Undo-SecretRotation", "a version the secret never had", "Undo-SecretRotation @conn -Path adv/x -ToVersion 999 -Confirm:$false"),
        ]);
        return inputs;
    }

    [Fact]
    public void Every_bad_input_gets_the_modules_own_error_without_a_stack_trace_or_a_secret()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, "<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"));
        Setup(peer.Address);
        var inputs = Inputs();
        var generic = new List<string>();
        var binder = new List<string>();
        var traces = new List<string>();
        var secretsShown = new List<string>();
        var accepted = new List<string>();
        foreach (var input in inputs)
        {
            var result = Session.Run(input.Script);
            var records = StreamText.Records(result).ToList();
            var text = StreamText.Of(result);
            foreach (var secret in input.Secrets.Where(s => text.Contains(s, StringComparison.Ordinal)))
            {
                secretsShown.Add($"{input}: the input's secret is shown ({(records.Count > 0 ? records[0].FullyQualifiedErrorId : "no error")})");
            }

            if (records.Count == 0)
            {
                if (!input.MayBeRepaired)
                {
                    accepted.Add($"{input}: no error ({result.Output.Count} output object(s))");
                }

                continue;
            }

            foreach (var record in records.Where(r => !r.FullyQualifiedErrorId.StartsWith("VaultRunbook.", StringComparison.Ordinal)).Take(1))
            {
                // PowerShell's own binder refusing a declared ValidateSet/ValidateRange or a type conversion is what a
                // well-kept module gives (the message names the parameter and what it takes); anything else is generic.
                if (ByTheBinder(record))
                {
                    binder.Add(input.ToString()!);
                }
                else
                {
                    generic.Add($"{input}: {record.FullyQualifiedErrorId} ({Shorten(record.Exception.Message)})");
                }
            }

            foreach (var record in records.Where(r => StackTrace().IsMatch($"{r}\n{r.Exception.Message}\n{r.ErrorDetails?.Message}")).Take(1))
            {
                traces.Add($"{input}: {record.FullyQualifiedErrorId}");
            }
        }

        AdversarialSummary.Record("bad inputs tried", inputs.Count);
        AdversarialSummary.Record("refused by PowerShell's parameter binder", binder.Count);
        AdversarialSummary.Record("generic error ids", generic.Count);
        AdversarialSummary.Record("stack traces", traces.Count);
        AdversarialSummary.Record("secrets in errors", secretsShown.Count);
        AdversarialSummary.Record("bad inputs accepted", accepted.Count);
        generic.ForEach(g => AdversarialSummary.Finding("generic error id: " + g));
        traces.ForEach(t => AdversarialSummary.Finding("stack trace in the message: " + t));
        secretsShown.ForEach(s => AdversarialSummary.Finding("secret in an error: " + s));
        accepted.ForEach(a => AdversarialSummary.Finding("bad input accepted: " + a));
        Output.WriteLine($"summary: {AdversarialSummary.FilePath}; {inputs.Count} bad inputs");

        Assert.True(inputs.Count >= 60, $"only {inputs.Count} bad inputs");
        var all = generic.Select(g => "generic id: " + g).Concat(traces.Select(t => "stack trace: " + t)).Concat(secretsShown).Concat(accepted.Select(a => "accepted: " + a)).ToList();
        Assert.True(all.Count == 0, $"{all.Count} of {inputs.Count} bad inputs were not refused cleanly:\n" + string.Join("\n", all));
    }

    private static bool ByTheBinder(ErrorRecord record) =>
        record.FullyQualifiedErrorId.Split(',')[0] is "ParameterArgumentValidationError" or "CannotConvertArgumentNoMessage" or "ParameterArgumentTransformationError"
        && ParameterNamed().IsMatch(record.Exception.Message);

    [GeneratedRegex(@"(validate argument on|bind|argument transformation on) parameter '\w+'")]
    private static partial Regex ParameterNamed();

    private void Setup(string peerAddress)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Work, "a-directory")).FullName;
        string Write(string name, string text)
        {
            var path = Path.Combine(Work, name);
            File.WriteAllText(path, text);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return path;
        }

        var garbage = Path.Combine(Work, "garbage.bin");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 512).Select(i => (byte)((i * 151) ^ 0x5a)).ToArray());
        File.SetUnixFileMode(garbage, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var variables = new Hashtable
        {
            ["work"] = Work,
            ["dir"] = dir,
            ["missing"] = Path.Combine(Work, "missing", "nothing-here.txt"),
            ["garbage"] = garbage,
            ["empty"] = Write("empty.txt", string.Empty),
            ["comments"] = Write("comments.txt", "# only a comment\n\n# and another\n"),
            ["garbageRollout"] = Write("garbage-rollout.json", "{ \"mode\": \"vault\", \"canary_percent\": "),
            ["arrayRollout"] = Write("array-rollout.json", "[1, 2, 3]"),
            ["wrongRollout"] = Write("wrong-rollout.json", "{ \"mode\": \"dual\", \"canary_percent\": 500, \"kill_switch\": false }"),
            ["badModeRollout"] = Write("badmode-rollout.json", "{ \"mode\": \"bogus\", \"canary_percent\": 5 }"),
            ["envRollout"] = Write("env-rollout.json", "{ \"mode\": \"env\", \"canary_percent\": 0 }"),
            ["emptyMap"] = Write("empty-map.json", "{}"),
            ["garbageMap"] = Write("garbage-map.json", "{ \"ADV\": { \"mount\": "),
            ["codeMap"] = Write("code-map.psd1", "@{ ADV = (Remove-Item -Recurse -Force $HOME/should-never-run) }"),
            ["stats"] = Path.Combine(Work, "access-stats.json"),
            ["peer"] = peerAddress,
        };
        var setup = Session.Run("""
            $ErrorActionPreference = 'Stop'
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path $work 'sandbox')
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $global:tok = ConvertTo-SecureString ([IO.File]::ReadAllText($sb.RootTokenPath).Trim()) -AsPlainText -Force
            $global:conn = @{ Address = $sb.Address; Token = $tok }
            Invoke-VaultRequest @conn POST secret/data/adv/x -Body @{ data = @{ value = 'initial' } } | Out-Null
            Invoke-VaultRequest @conn POST kv-v1/adv/x -Body @{ value = 'initial' } | Out-Null
            """, variables);
        Assert.True(setup.Errors.Count == 0 && setup.Terminating is null, "setup failed: " + setup.Describe());
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$").Replace("\r", "`r").Replace("\n", "`n").Replace("\0", "`0") + "\"";

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "..." : text.ReplaceLineEndings(" ");

    // "   at Namespace.Type.Method(" or "--- End of stack trace": a .NET stack trace in a message.
    [GeneratedRegex(@"(^|\n)\s*at [\w.`<>+\[\]]+\.[\w<>`]+\(|--- End of ", RegexOptions.CultureInvariant)]
    private static partial Regex StackTrace();
}
