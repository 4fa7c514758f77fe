namespace VaultRunbook.Engine.Audit;

/// <summary>How far the read of one file has got: bytes of the file on disk (compressed bytes for a .gz).</summary>
public sealed record AuditReadProgress(string File, long BytesRead, long TotalBytes);
