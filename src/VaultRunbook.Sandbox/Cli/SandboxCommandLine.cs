using System.Globalization;

namespace VaultRunbook.Sandbox.Cli;

/// <summary>
/// The sandbox program's arguments:
/// [--shares N] [--threshold N] [--port N] [--data-path DIR] [--latency-ms N] [--uninitialized] [--help].
/// The port defaults to Vault's 8200 (0 = any free port); the rest default as <see cref="SandboxOptions"/>.
/// </summary>
internal sealed record SandboxCommandLine(SandboxOptions Options, bool ShowHelp)
{
    public const string Usage =
        "usage: VaultRunbook.Sandbox [--shares 5] [--threshold 3] [--port 8200 (0 = any free port)] [--data-path DIR] [--latency-ms 0] [--uninitialized]";

    public const int DefaultPort = 8200;

    /// <summary>Null with <paramref name="error"/> set when the arguments are not valid.</summary>
    public static SandboxCommandLine? TryParse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new SandboxOptions { Port = DefaultPort };
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    return new SandboxCommandLine(options, ShowHelp: true);
                case "--uninitialized":
                    options = options with { Initialize = false };
                    continue;
                case "--shares" or "--threshold" or "--port" or "--latency-ms" or "--data-path":
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value";
                return null;
            }

            string value = args[++i];
            if (arg == "--data-path")
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    error = "--data-path needs a folder";
                    return null;
                }

                options = options with { DataPath = value };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                error = $"{arg} needs a non-negative whole number, not '{value}'";
                return null;
            }

            options = arg switch
            {
                "--shares" => options with { Shares = number },
                "--threshold" => options with { Threshold = number },
                "--port" => options with { Port = number },
                _ => options with { Latency = TimeSpan.FromMilliseconds(number) },
            };
        }

        return new SandboxCommandLine(options, ShowHelp: false);
    }
}
