namespace VaultRunbook.Host;

/// <summary>Bad command-line usage: the host prints the message and the usage text and exits 64.</summary>
public sealed class HostUsageException : Exception
{
    public HostUsageException()
    {
    }

    public HostUsageException(string message)
        : base(message)
    {
    }

    public HostUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
