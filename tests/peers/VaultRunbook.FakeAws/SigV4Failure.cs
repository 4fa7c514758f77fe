namespace VaultRunbook.FakeAws;

/// <summary>Why a request's signature was refused; each service names it with its own error code.</summary>
public sealed record SigV4Failure(SigV4FailureKind Kind, string Message);
