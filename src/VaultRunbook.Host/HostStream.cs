namespace VaultRunbook.Host;

/// <summary>The two output streams the host writes to.</summary>
internal enum HostStream
{
    /// <summary>Standard output: the script's rendered output and what it writes to the host.</summary>
    Output,

    /// <summary>Standard error: errors, warnings, verbose, debug, progress and prompts.</summary>
    Error,
}
