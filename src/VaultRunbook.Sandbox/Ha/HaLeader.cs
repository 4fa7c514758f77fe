namespace VaultRunbook.Sandbox.Ha;

/// <summary>Who holds the cluster's leadership lock, and since when; Active is null while no node leads.</summary>
internal sealed record HaLeader(IHaMember? Active, DateTimeOffset ActiveSince);
