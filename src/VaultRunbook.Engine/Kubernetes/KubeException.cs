using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// A Kubernetes failure with a stable id (VaultRunbook.K8s.*). The message carries the API server's own Status
/// message, never a token or a kubeconfig credential.
/// </summary>
public sealed class KubeException : EngineException
{
    public KubeException(string errorId, ErrorKind kind, string message, Exception? inner = null)
        : base(errorId, kind, message, inner)
    {
    }
}
