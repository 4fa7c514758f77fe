namespace VaultRunbook.FakeAws;

public enum SigV4FailureKind
{
    Missing,
    UnknownKey,
    Mismatch,
    Expired,
}
