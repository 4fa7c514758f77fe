using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Leaks;

/// <summary>
/// Scans log files line by line for token-looking values (<see cref="TokenPatterns"/>). A binary file (a NUL byte in
/// its first 8 KiB) is skipped, as grep does; a line is read whatever its length.
/// </summary>
public sealed class SecretLeakScanner
{
    public const string FileErrorIdPrefix = "VaultRunbook.LeakScan.File";
    public const string PatternTimeoutErrorId = "VaultRunbook.LeakScan.PatternTimeout";

    private readonly IReadOnlyList<TokenPattern> _patterns;

    public SecretLeakScanner(IReadOnlyList<TokenPattern> patterns)
    {
        _patterns = patterns;
    }

    /// <summary>The files under a folder, all levels down, in ordinal order so runs compare.</summary>
    public static IEnumerable<string> FilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Order(StringComparer.Ordinal);

    /// <summary>True when the file looks binary (a NUL byte in its first 8 KiB).</summary>
    public static bool LooksBinary(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[8192];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Array.IndexOf(head, (byte)0, 0, read) >= 0;
    }

    /// <summary>The findings in one file, in line order.</summary>
    /// <exception cref="ConfigurationException">The file is missing, a directory or unreadable; a pattern took too long on a line.</exception>
    public IEnumerable<SecretLeakFinding> Scan(string path)
    {
        FileChecks.CheckReadable(path, FileErrorIdPrefix, "the file to scan");
        return ScanReadable(path);
    }

    private IEnumerable<SecretLeakFinding> ScanReadable(string path)
    {
        if (LooksBinary(path))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            IReadOnlyList<TokenMatch> matches;
            try
            {
                matches = TokenPatterns.Find(line, _patterns);
            }
            catch (RegexMatchTimeoutException)
            {
                // Not carried as the inner exception: its Input is the line, which may hold the very token.
                throw new ConfigurationException(PatternTimeoutErrorId, $"A pattern took too long on line {number} of '{path}'; make it simpler.") { Target = path };
            }

            foreach (var match in matches)
            {
                yield return new SecretLeakFinding
                {
                    File = path,
                    Line = number,
                    Kind = match.Kind,
                    Preview = TokenPatterns.Mask(line.Substring(match.Index, match.Length)),
                };
            }
        }
    }
}
