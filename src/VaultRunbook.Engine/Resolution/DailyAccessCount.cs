namespace VaultRunbook.Engine.Resolution;

/// <summary>Requests and errors of one UTC day, for "zero errors for N days".</summary>
public sealed record DailyAccessCount(DateOnly Day, long Requests, long Errors);
