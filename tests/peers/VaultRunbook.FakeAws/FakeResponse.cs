namespace VaultRunbook.FakeAws;

/// <summary>One answer: status, content type, body and the request id header.</summary>
public sealed record FakeResponse(int Status, string ContentType, string Body, string RequestId);
