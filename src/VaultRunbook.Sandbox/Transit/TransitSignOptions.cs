namespace VaultRunbook.Sandbox.Transit;

/// <summary>keysutil.SigningOptions: the hash, marshaling ("asn1" or "jws"), PSS salt length and RSA scheme ("" means pss).</summary>
internal sealed record TransitSignOptions(TransitHash Hash, string Marshaling, int SaltLength, string SignatureAlgorithm)
{
    public const string Asn1 = "asn1";
    public const string Jws = "jws";
}
