namespace VaultRunbook.FakeKube;

/// <summary>A failure the fake answers with a Status object of this code and reason.</summary>
public sealed class FakeKubeException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;
}
