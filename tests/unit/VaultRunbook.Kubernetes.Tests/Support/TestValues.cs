using System.Security.Cryptography;

namespace VaultRunbook.Kubernetes.Tests.Support;

/// <summary>Values a leak would show: random, so no other text holds them by chance.</summary>
public static class TestValues
{
    public static string Random(string prefix) => prefix + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
