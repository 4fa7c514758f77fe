using System.Collections.ObjectModel;
using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

namespace VaultRunbook.Host;

/// <summary>What to run and how, parsed from the command line the way pwsh reads its own.</summary>
public sealed class HostOptions
{
    /// <summary>The exit code for bad usage (BSD's EX_USAGE, as pwsh uses it).</summary>
    public const int UsageExitCode = 64;

    private HostOptions()
    {
    }

    /// <summary>The script file to run (-File), as given; null when running a command.</summary>
    public string? File { get; private init; }

    /// <summary>The arguments that follow -File, bound to the script's parameters as pwsh binds them.</summary>
    public ReadOnlyCollection<CommandParameter> FileArguments { get; private init; } = new([]);

    /// <summary>The command text (-Command); null when running a file.</summary>
    public string? Command { get; private init; }

    /// <summary>True when the script is read from standard input (-Command - or -File -).</summary>
    public bool ReadFromStdin { get; private init; }

    /// <summary>True when prompts must fail instead of waiting for an answer.</summary>
    public bool NonInteractive { get; private init; }

    /// <summary>True when only the usage text was asked for.</summary>
    public bool ShowHelp { get; private init; }

    /// <summary>The execution policy for this process (-ExecutionPolicy); only Windows applies one.</summary>
    public ExecutionPolicy? ExecutionPolicy { get; private init; }

    /// <summary>The text printed for -Help and for bad usage.</summary>
    public static string Usage { get; } = string.Join(Environment.NewLine,
    [
        "Usage: vaultrunbook [-NoProfile] [-NoLogo] [-NonInteractive] [-ExecutionPolicy <policy>]",
        "                    -File <script.ps1 | -> [script arguments...]",
        "       vaultrunbook [options] -Command <command text... | ->",
        "       vaultrunbook -Help",
        "",
        "Runs a PowerShell runbook script with the VaultRunbook module imported, where pwsh is absent.",
        "",
        "  -File, -f <path> [args]   Run a script file; the remaining arguments are bound to its parameters",
        "                            (-Name value, -Switch, -Name:value, positional values). '-' reads stdin.",
        "  -Command, -c <text>       Run the remaining arguments, joined by spaces, as a command. '-' reads stdin.",
        "  -NonInteractive, -noni    Fail instead of prompting (Read-Host style prompts, -Confirm, credentials).",
        "  -NoProfile, -NoLogo       Accepted for compatibility with pwsh; no profile or banner is ever used.",
        "  -ExecutionPolicy, -ep     The process execution policy (applies on Windows only).",
        "  -Help, -h, -?             Print this text.",
        "",
        "The module is imported from $env:VAULTRUNBOOK_MODULE when set, else from Modules/VaultRunbook beside",
        "this program. Exit code: the script's 'exit N'; 1 after an uncaught error; 130 after Ctrl+C; 64 for bad usage.",
    ]);

    /// <summary>Parses the command line; throws <see cref="HostUsageException"/> for bad usage.</summary>
    public static HostOptions Parse(IReadOnlyList<string> args, bool stdinRedirected)
    {
        ArgumentNullException.ThrowIfNull(args);
        var nonInteractive = false;
        ExecutionPolicy? policy = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsSwitch(arg))
            {
                // pwsh takes a first bare argument as the script file.
                return ForFile(args, i, nonInteractive, policy);
            }

            switch (Normalize(arg))
            {
                case "noprofile" or "nop" or "nologo" or "nol":
                    break;
                case "noninteractive" or "noni":
                    nonInteractive = true;
                    break;
                case "executionpolicy" or "ep" or "ex":
                    if (i + 1 >= args.Count)
                    {
                        throw new HostUsageException("-ExecutionPolicy needs a value.");
                    }

                    policy = ParsePolicy(args[++i]);
                    break;
                case "help" or "h" or "?":
                    return new HostOptions { ShowHelp = true };
                case "file" or "f":
                    if (i + 1 >= args.Count)
                    {
                        throw new HostUsageException("-File needs a script path.");
                    }

                    return ForFile(args, i + 1, nonInteractive, policy);
                case "command" or "c":
                    if (i + 1 >= args.Count)
                    {
                        throw new HostUsageException("-Command needs a command.");
                    }

                    return ForCommand(args, i + 1, nonInteractive, policy);
                default:
                    throw new HostUsageException($"Unknown option '{arg}'.");
            }
        }

        if (stdinRedirected)
        {
            // As pwsh does with piped input and no command: run what stdin holds.
            return new HostOptions { ReadFromStdin = true, NonInteractive = nonInteractive, ExecutionPolicy = policy };
        }

        throw new HostUsageException("Nothing to run: give -File or -Command.");
    }

    private static HostOptions ForFile(IReadOnlyList<string> args, int index, bool nonInteractive, ExecutionPolicy? policy)
    {
        var file = args[index];
        if (file == "-")
        {
            if (index + 1 < args.Count)
            {
                throw new HostUsageException("-File - (read stdin) takes no script arguments.");
            }

            return new HostOptions { ReadFromStdin = true, NonInteractive = nonInteractive, ExecutionPolicy = policy };
        }

        var parameters = new List<CommandParameter>();
        for (var i = index + 1; i < args.Count; i++)
        {
            parameters.Add(ToParameter(args[i]));
        }

        return new HostOptions
        {
            File = file,
            FileArguments = parameters.AsReadOnly(),
            NonInteractive = nonInteractive,
            ExecutionPolicy = policy,
        };
    }

    private static HostOptions ForCommand(IReadOnlyList<string> args, int index, bool nonInteractive, ExecutionPolicy? policy)
    {
        if (args[index] == "-")
        {
            if (index + 1 < args.Count)
            {
                throw new HostUsageException("-Command - (read stdin) takes nothing after it.");
            }

            return new HostOptions { ReadFromStdin = true, NonInteractive = nonInteractive, ExecutionPolicy = policy };
        }

        var text = string.Join(' ', args.Skip(index));
        return new HostOptions { Command = text, NonInteractive = nonInteractive, ExecutionPolicy = policy };
    }

    /// <summary>
    /// One script argument as pwsh -File passes it: '-Name' names a parameter (bound to the next
    /// value unless it is a switch), '-Name:value' carries its value ($true and $false become
    /// booleans), anything else (a negative number such as -5 too) is a positional value.
    /// </summary>
    private static CommandParameter ToParameter(string arg)
    {
        if (arg.Length < 2 || arg[0] != '-' || char.IsDigit(arg[1]) || arg[1] == '.')
        {
            return new CommandParameter(null, arg);
        }

        var colon = arg.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new CommandParameter(arg);
        }

        var name = arg[..colon];
        var value = arg[(colon + 1)..];
        if (value.Length == 0)
        {
            return new CommandParameter(name);
        }

        if (string.Equals(value, "$true", StringComparison.OrdinalIgnoreCase))
        {
            return new CommandParameter(name, true);
        }

        if (string.Equals(value, "$false", StringComparison.OrdinalIgnoreCase))
        {
            return new CommandParameter(name, false);
        }

        return new CommandParameter(name, value);
    }

    private static bool IsSwitch(string arg) =>
        arg.Length > 1 && (arg[0] == '-' || arg[0] == '/' && arg == "/?");

    private static string Normalize(string arg) => arg.TrimStart('-', '/').ToLowerInvariant();

    private static ExecutionPolicy ParsePolicy(string value) =>
        Enum.TryParse<ExecutionPolicy>(value, ignoreCase: true, out var policy) && Enum.IsDefined(policy)
            ? policy
            : throw new HostUsageException($"'{value}' is not an execution policy.");
}
