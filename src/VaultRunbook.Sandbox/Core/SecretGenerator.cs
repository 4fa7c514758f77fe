using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Core;

/// <summary>Random identifiers in Vault's formats.</summary>
internal static class SecretGenerator
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A root/service token: "hvs." and 24 base62 characters (28 in all).</summary>
    public static string RootToken() => "hvs." + RandomNumberGenerator.GetString(Base62, 24);

    /// <summary>
    /// A service token as Vault 1.10+ issues them with server-side consistent tokens: "hvs." and 91
    /// more characters (the sandbox's are random base62, not Vault's encoded protobuf).
    /// </summary>
    public static string ServiceToken() => "hvs." + RandomNumberGenerator.GetString(Base62, 91);

    /// <summary>A mount accessor: the engine type, "_" and 8 hex digits ("kv_1a2b3c4d").</summary>
    public static string MountAccessor(string type) => type + "_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>Random base62 characters (a generate-root OTP, for one).</summary>
    public static string RandomBase62(int length) => RandomNumberGenerator.GetString(Base62, length);

    /// <summary>A token accessor: 24 base62 characters.</summary>
    public static string Accessor() => RandomNumberGenerator.GetString(Base62, 24);

    /// <summary>A random (version 4) UUID, lowercase, as Vault formats nonces and ids.</summary>
    public static string Uuid() => Guid.NewGuid().ToString("D");

    /// <summary>Vault's default cluster name: "vault-cluster-" and 8 hex digits.</summary>
    public static string ClusterName() => "vault-cluster-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public static byte[] Key() => RandomNumberGenerator.GetBytes(32);
}
