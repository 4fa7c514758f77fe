using System.Diagnostics;
using System.Text.Json;
using VaultRunbook.FakeAws;

namespace VaultRunbook.Aws.Tests.Support;

/// <summary>
/// Runs the real AWS CLI (awscli 1.x on botocore) against a fake endpoint with the test credentials and no
/// network: the independent client that judges the fakes' wire formats.
/// </summary>
internal static class AwsCli
{
    public static bool Available { get; } = Which("aws");

    public static (int ExitCode, JsonElement? Json, string Error) Run(Uri endpoint, params string[] arguments)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString());
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        start.Environment["AWS_ACCESS_KEY_ID"] = FakeCredentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = FakeCredentials.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = FakeCredentials.Region;
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_RETRY_MODE"] = "standard";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var text = output.Result;
        return (process.ExitCode, text.Trim().Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null, error);
    }

    private static bool Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));
}
