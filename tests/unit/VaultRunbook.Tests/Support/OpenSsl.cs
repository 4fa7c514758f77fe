using System.Diagnostics;

namespace VaultRunbook.Tests.Support;

/// <summary>The real openssl, as an independent judge of a signature: dgst -sha256 -verify pub.pem -signature sig.der input.</summary>
public static class OpenSsl
{
    /// <summary>Runs openssl's verify on files it writes in <paramref name="folder"/>; its exit code and output.</summary>
    public static (int ExitCode, string Output) VerifySha256(string folder, string publicKeyPem, byte[] der, byte[] input)
    {
        Directory.CreateDirectory(folder);
        var name = Guid.NewGuid().ToString("N");
        var pub = Path.Combine(folder, name + ".pub.pem");
        var sig = Path.Combine(folder, name + ".sig.der");
        var data = Path.Combine(folder, name + ".input");
        File.WriteAllText(pub, publicKeyPem);
        File.WriteAllBytes(sig, der);
        File.WriteAllBytes(data, input);
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "dgst", "-sha256", "-verify", pub, "-signature", sig, data })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
