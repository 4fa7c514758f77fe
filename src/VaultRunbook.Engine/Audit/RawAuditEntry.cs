namespace VaultRunbook.Engine.Audit;

/// <summary>The fields of one audit line that a search reads, as positions in the line (nothing decoded yet).</summary>
internal struct RawAuditEntry
{
    /// <summary>Set by the caller: tested as soon as request.path is read, so a line that cannot match stops there.</summary>
    public AuditEntryReader.PathTest? PathFilter;

    /// <summary>Set when <see cref="PathFilter"/> said no; the rest of the line was not read.</summary>
    public bool RuledOut;

    public DateTimeOffset? Time;
    public JsonText Type;
    public JsonText Error;
    public JsonText DisplayName;
    public JsonText Accessor;
    public JsonText AuthClientToken;
    public int PoliciesStart;
    public JsonText RequestId;
    public JsonText Operation;
    public JsonText Path;
    public JsonText MountType;
    public JsonText MountPoint;
    public JsonText RequestClientToken;
    public JsonText RequestClientTokenAccessor;
    public JsonText RemoteAddress;
    public JsonText NamespaceId;
    public JsonText NamespacePath;
    public JsonText ResponseMountType;
    public JsonText ResponseMountPoint;
}
