namespace VaultRunbook.Engine.Common;

/// <summary>Bad usage or configuration: the caller has to fix its input before anything is sent.</summary>
public sealed class ConfigurationException : EngineException
{
    public ConfigurationException(string errorId, string message, Exception? inner = null)
        : base(errorId, ErrorKind.InvalidArgument, message, inner)
    {
    }
}
