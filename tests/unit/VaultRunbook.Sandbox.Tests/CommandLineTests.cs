using System.Diagnostics;
using VaultRunbook.Sandbox.Cli;

namespace VaultRunbook.Sandbox.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parses_every_option()
    {
        SandboxCommandLine? command = SandboxCommandLine.TryParse(
            ["--shares", "7", "--threshold", "4", "--port", "8200", "--data-path", "/tmp/x", "--latency-ms", "250", "--uninitialized"],
            out string? error);

        Assert.Null(error);
        Assert.NotNull(command);
        Assert.Equal(
            new SandboxOptions { Shares = 7, Threshold = 4, Port = 8200, DataPath = "/tmp/x", Latency = TimeSpan.FromMilliseconds(250), Initialize = false },
            command.Options);
    }

    [Fact]
    public void Defaults_match_the_options_record_except_the_port_which_is_Vaults_8200()
    {
        Assert.Equal(new SandboxOptions { Port = 8200 }, SandboxCommandLine.TryParse([], out _)!.Options);
        Assert.Equal(0, SandboxCommandLine.TryParse(["--port", "0"], out _)!.Options.Port);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--shares")]
    [InlineData("--shares", "five")]
    [InlineData("--port", "-1")]
    [InlineData("--latency-ms", "1.5")]
    [InlineData("--data-path", " ")]
    public void Bad_arguments_are_rejected(params string[] args)
    {
        Assert.Null(SandboxCommandLine.TryParse(args, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public async Task The_program_prints_paths_only_and_stops_on_SIGTERM()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = SandboxHarness.NewTestFolder();
        using Process process = StartProgram("--port", "0", "--data-path", folder, "--shares", "3", "--threshold", "2");
        try
        {
            var output = new List<string>();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                output.Add(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            string text = string.Join('\n', output);
            Assert.Contains("Address:        http://127.0.0.1:", text);
            Assert.Contains("DataPath:       " + folder, text);
            Assert.Contains("UnsealKeysPath: " + Path.Combine(folder, "unseal-keys.txt"), text);
            Assert.Contains("RootTokenPath:  " + Path.Combine(folder, "root-token"), text);
            string token = File.ReadAllText(Path.Combine(folder, "root-token")).Trim();
            Assert.DoesNotContain(token, text);
            foreach (string key in File.ReadAllLines(Path.Combine(folder, "unseal-keys.txt")).Skip(1))
            {
                Assert.DoesNotContain(key, text);
            }

            string address = output.Single(l => l.StartsWith("Address:", StringComparison.Ordinal))["Address:".Length..].Trim();
            using var http = new HttpClient();
            Assert.Equal(503, (int)(await http.GetAsync(address + "/v1/sys/health")).StatusCode);

            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            string rest = await process.StandardOutput.ReadToEndAsync();
            string errors = await process.StandardError.ReadToEndAsync();
            Assert.DoesNotContain(token, rest + errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--shares", "3", "--threshold", "5")]
    public async Task The_program_exits_2_on_bad_arguments(params string[] args)
    {
        using Process process = StartProgram(args);
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage:", errors);
    }

    private static Process StartProgram(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "VaultRunbook.Sandbox.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
