using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>A rollout change refused by the runbook's rules (kill switch on, not ready, end of schedule), or whose write failed.</summary>
public sealed class RolloutException : EngineException
{
    public RolloutException(string errorId, string message, string store, Exception? inner = null)
        : base(errorId, ErrorKind.InvalidOperation, message, inner)
    {
        Target = store;
    }
}
