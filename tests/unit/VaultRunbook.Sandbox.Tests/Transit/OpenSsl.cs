using System.Diagnostics;
using System.Text;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>
/// The real openssl command as an independent judge of the sandbox's signatures: files go to a
/// private temporary folder, openssl runs on them, and its exit code says whether it verified.
/// </summary>
internal sealed class OpenSsl : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vaultrunbook-openssl-").FullName;

    public string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    /// <summary>Runs openssl with <paramref name="arguments"/>; the exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>`openssl dgst -&lt;digest&gt; -verify pub.pem -signature sig input` (plus -sigopt pairs), asserted to print "Verified OK".</summary>
    public void AssertDgstVerifies(string publicKeyPem, byte[] signature, byte[] input, string digest, params string[] sigopts)
    {
        (int code, string output) = Dgst(publicKeyPem, signature, input, digest, sigopts);
        Assert.True(code == 0 && output.Contains("Verified OK", StringComparison.Ordinal), $"openssl dgst: exit {code}: {output}");
    }

    /// <summary>The same check expected to fail (openssl exits 1 with "Verification failure").</summary>
    public void AssertDgstRejects(string publicKeyPem, byte[] signature, byte[] input, string digest, params string[] sigopts)
    {
        (int code, string output) = Dgst(publicKeyPem, signature, input, digest, sigopts);
        Assert.True(code == 1 && output.Contains("Verification failure", StringComparison.Ordinal), $"openssl dgst: exit {code}: {output}");
    }

    /// <summary>`openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in input -sigfile sig` for ed25519.</summary>
    public (int ExitCode, string Output) PkeyutlVerify(string publicKeyPem, byte[] signature, byte[] input) =>
        Run("pkeyutl", "-verify", "-pubin", "-inkey", Write("ed-pub.pem", publicKeyPem), "-rawin", "-in", Write("ed-input", input), "-sigfile", Write("ed-sig", signature));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (int ExitCode, string Output) Dgst(string publicKeyPem, byte[] signature, byte[] input, string digest, string[] sigopts)
    {
        var arguments = new List<string> { "dgst", "-" + digest, "-verify", Write("pub.pem", publicKeyPem), "-signature", Write("sig.bin", signature) };
        foreach (string option in sigopts)
        {
            arguments.Add("-sigopt");
            arguments.Add(option);
        }

        arguments.Add(Write("input.bin", input));
        return Run([.. arguments]);
    }
}
