namespace VaultRunbook.Engine.Common;

/// <summary>The per-user VaultRunbook folder (under the user's application data) where state files go by default.</summary>
public static class ConfigFolder
{
    /// <summary>The path of <paramref name="fileName"/> in the per-user VaultRunbook folder.</summary>
    public static string File(string fileName) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "VaultRunbook", fileName);
}
