namespace VaultRunbook.Sandbox.Logical;

/// <summary>Answers one operation on one logical route.</summary>
internal delegate ValueTask<LogicalResponse> LogicalHandler(LogicalRequest request);
