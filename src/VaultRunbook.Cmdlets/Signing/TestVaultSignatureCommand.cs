using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Checks a signature (a SignatureRecord or a vault:v&lt;N&gt; / fallback:v&lt;N&gt; string) against its input; outputs Valid and a reason.</para>
/// <para type="description">A vault:v&lt;N&gt; signature is checked by transit verify; when Vault cannot be reached it is
/// checked locally with the key's public key (-PublicKeyPath, or the one this session read from GET
/// transit/keys/:name while Vault was up). A fallback:v&lt;N&gt; signature is checked locally against the fallback key
/// file's public keys, the current one and every previous one, so signatures made before a rotation still verify.
/// A signature that does not match (a tampered input) gives Valid=$false and a reason, not an error. Without
/// -InputObject, -Path or -Hash, a piped SignatureRecord is checked against the digest it recorded
/// (InputDigest).</para>
/// <example><code>Get-VaultActionLog -Action Sign | Where-Object SigningMode -eq Fallback | Measure-Object; $records | Test-VaultSignature | Where-Object { -not $_.Valid }</code><para>Counts the signatures made with the fallback key during the outage, then re-checks saved SignatureRecords and keeps those that no longer verify.</para></example>
/// <example><code>Invoke-VaultSign -KeyName release -Path ./app.tar.gz | Test-VaultSignature -Path ./app.tar.gz | Format-List Valid, Reason, Method</code><para>Signs a file and checks the signature against the file's content, showing how it was checked.</para></example>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VaultSignature", DefaultParameterSetName = HashSet)]
[OutputType(EngineTypeNames.SignatureVerification)]
public sealed class TestVaultSignatureCommand : SigningCmdlet
{
    /// <summary>The signature: vault:v&lt;N&gt;:&lt;base64&gt; or fallback:v&lt;N&gt;:&lt;base64&gt;; a SignatureRecord binds it by name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Signature { get; set; } = string.Empty;

    /// <summary>The transit key (needed for a vault:v&lt;N&gt; signature).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? KeyName { get; set; }

    /// <summary>The signed data: a string (its UTF-8 bytes), a byte array or a FileInfo.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet)]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>The signed file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>The SHA-256 digest of the signed data (64 hex digits or 32 bytes); a SignatureRecord's InputDigest binds here.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = HashSet)]
    [Alias("InputDigest")]
    [ValidateNotNull]
    public object? Hash { get; set; }

    /// <summary>A PEM public key of the transit key version, to check a vault signature without Vault.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PublicKeyPath { get; set; }

    /// <summary>Check vault signatures locally only (with -PublicKeyPath or the session's copy), without asking Vault.</summary>
    [Parameter]
    public SwitchParameter Offline { get; set; }

    protected override void ProcessRecord()
    {
        var inputs = ReadInputs(InputObject, Path, Hash);
        if (inputs is null)
        {
            return;
        }

        var settings = ResolveSettings(Address?.Address);
        var transit = Offline.IsPresent ? null : new TransitApi(ClientFor(settings), Mount);
        var publicKeyPem = PublicKeyPem();
        var keyWarnings = new List<string>();
        var keyPath = FallbackKeyFile();
        var session = ModuleSession.Current;
        var verifier = new SignatureVerifier(
            transit,
            (name, version) => publicKeyPem ?? session.TransitPublicKey(settings.AddressText, Mount, name, version),
            () => FallbackPublicKeys(keyPath, keyWarnings));
        foreach (var (input, _) in inputs)
        {
            try
            {
                var result = Run(ct => verifier.VerifyAsync(Signature, KeyName, input, ct));
                keyWarnings.ForEach(WriteWarningOnce);
                WriteObject(result);
            }
            catch (EngineException ex)
            {
                keyWarnings.ForEach(WriteWarningOnce);
                WriteEngineError(ex, KeyName ?? (object)Signature);
            }
        }
    }

    private string? PublicKeyPem()
    {
        if (PublicKeyPath is null)
        {
            return null;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(PublicKeyPath);
        try
        {
            FileChecks.CheckReadable(path, "VaultRunbook.Signing.PublicKeyFile", "the public key file");
            return File.ReadAllText(path);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached
        }
    }

    // A missing key file: no fallback keys (the result says so); a broken one is an error.
    private static IReadOnlyList<FallbackPublicKey>? FallbackPublicKeys(string path, List<string> warnings)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var key = new FallbackKeyStore().Open(path);
        warnings.AddRange(key.Warnings);
        return key.PublicKeys;
    }
}
