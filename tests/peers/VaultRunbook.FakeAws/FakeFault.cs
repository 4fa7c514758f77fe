namespace VaultRunbook.FakeAws;

/// <summary>A service error a fake answers with (its HTTP status and AWS error code).</summary>
public sealed class FakeFault : Exception
{
    public FakeFault(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }
}
