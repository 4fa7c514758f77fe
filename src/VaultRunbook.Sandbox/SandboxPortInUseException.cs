namespace VaultRunbook.Sandbox;

/// <summary>The requested TCP port on 127.0.0.1 is already taken.</summary>
public sealed class SandboxPortInUseException : IOException
{
    public SandboxPortInUseException(int port, Exception? innerException = null)
        : base($"Port {port} on 127.0.0.1 is already in use; the Vault sandbox cannot listen on it.", innerException)
    {
        Port = port;
    }

    /// <summary>The port that could not be bound.</summary>
    public int Port { get; }
}
