namespace VaultRunbook.Engine.Resolution;

/// <summary>One entry of a secret map: the environment variable <see cref="Name"/> is the field of a KV v2 secret.</summary>
public sealed record SecretReference(string Name, string Mount, string Path, string Field)
{
    /// <summary>mount/path#field, as the runbook writes it.</summary>
    public string Location => $"{Mount}/{Path}#{Field}";

    public override string ToString() => $"{Name} -> {Location}";
}
