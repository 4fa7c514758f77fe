using System.Diagnostics;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>
/// The system's own gzip (GNU gzip), the independent judge of a compressed file: it makes the archives the tests
/// break, and <c>gzip -t</c> says whether each broken file is broken and how.
/// </summary>
public static class RealGzip
{
    /// <summary>gzip -c -n of the bytes: one gzip member, as logrotate's compress makes it.</summary>
    public static byte[] Compress(byte[] data)
    {
        var (code, output, error) = Run(["-c", "-n"], data);
        if (code != 0)
        {
            throw new InvalidOperationException("gzip failed: " + error);
        }

        return output;
    }

    /// <summary>gzip -t: exit code 0 for a sound file, and its message otherwise ("unexpected end of file", "crc error").</summary>
    public static (int ExitCode, string Message) Test(string path)
    {
        var (code, _, error) = Run(["-t", path], []);
        return (code, error.Trim());
    }

    /// <summary>The first <paramref name="count"/> bytes, as <c>head -c</c> writes them.</summary>
    public static byte[] Head(byte[] file, int count) => file[..count];

    private static (int Code, byte[] Output, string Error) Run(string[] args, byte[] input)
    {
        var start = new ProcessStartInfo("gzip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
    }
}
