namespace VaultRunbook.Engine.Common;

/// <summary>
/// The checks every file parameter makes before it is read or written (a state file, statistics, a secret map, a key
/// file, the journal), so that a directory, a missing file and an unreadable file are three clear errors instead of
/// a raw IOException or a silent default. Each error id is <c>&lt;prefix&gt;IsDirectory</c>,
/// <c>&lt;prefix&gt;NotFound</c> or <c>&lt;prefix&gt;Unreadable</c>, with the path as its target; the messages name
/// the file, never its content.
/// </summary>
public static class FileChecks
{
    /// <summary>
    /// Checks that <paramref name="path"/> names a file that can be opened for reading. A missing file gives false
    /// when <paramref name="missingIsAllowed"/> (the caller's documented default applies), else an error.
    /// </summary>
    /// <param name="path">A full path.</param>
    /// <param name="errorIdPrefix">For example "VaultRunbook.Unseal.KeyFile".</param>
    /// <param name="what">For example "the unseal key file", as the message names it.</param>
    /// <param name="missingIsAllowed">A missing file is no error (it reads as "nothing yet").</param>
    /// <exception cref="ConfigurationException">The path is a directory, is missing (unless allowed) or cannot be read.</exception>
    public static bool CheckReadable(string path, string errorIdPrefix, string what, bool missingIsAllowed = false)
    {
        NotADirectory(path, errorIdPrefix, what);
        if (!File.Exists(path))
        {
            return missingIsAllowed
                ? false
                : throw Problem(errorIdPrefix + "NotFound", $"{Capitalized(what)} '{path}' does not exist.", path);
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Unreadable(path, errorIdPrefix, what, ex);
        }

        return true;
    }

    /// <summary>Checks that <paramref name="path"/> is not a directory, before anything (a lock file, a temp file) is created beside it.</summary>
    /// <exception cref="ConfigurationException"><c>&lt;prefix&gt;IsDirectory</c>.</exception>
    public static void NotADirectory(string path, string errorIdPrefix, string what)
    {
        if (Directory.Exists(path))
        {
            throw Problem(errorIdPrefix + "IsDirectory", $"{Capitalized(what)} '{path}' is a directory; give the path of a file.", path);
        }
    }

    /// <summary>The error for a file that exists but cannot be read (permissions).</summary>
    public static ConfigurationException Unreadable(string path, string errorIdPrefix, string what, Exception inner) =>
        Problem(errorIdPrefix + "Unreadable", $"{Capitalized(what)} '{path}' cannot be read: {inner.Message}", path, inner);

    private static ConfigurationException Problem(string errorId, string message, string path, Exception? inner = null) =>
        new(errorId, message, inner) { Target = path };

    private static string Capitalized(string what) => what.Length == 0 ? what : char.ToUpperInvariant(what[0]) + what[1..];
}
