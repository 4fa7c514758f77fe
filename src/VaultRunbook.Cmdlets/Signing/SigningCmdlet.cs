using System.Management.Automation;
using System.Text;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// What Invoke-VaultSign and Test-VaultSignature share: turning -InputObject, -Path or -Hash into the bytes (or the
/// digest) that are signed, and finding the fallback key file.
/// </summary>
public abstract class SigningCmdlet : TransitCmdlet
{
    protected const string InputSet = "Input";
    protected const string PathSet = "Path";
    protected const string HashSet = "Hash";

    /// <summary>The fallback key file (New-FallbackSigningKey): it signs during an outage, and its public keys check fallback signatures.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_FALLBACK_KEY, else vault-fallback.json in the per-user VaultRunbook folder")]
    public string? FallbackKeyPath { get; set; }

    /// <summary>The fallback key file: -FallbackKeyPath, else VAULT_RUNBOOK_FALLBACK_KEY, else vault-fallback.json in the per-user VaultRunbook folder.</summary>
    protected string FallbackKeyFile() =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(FallbackKeyPath ?? FallbackKeyStore.DefaultPath(Environment.GetEnvironmentVariable));

    /// <summary>
    /// The inputs of this record: a string (its UTF-8 bytes), a byte array, a FileInfo (its content), files by path,
    /// or a SHA-256 digest (64 hex digits or 32 bytes). Null after an error was written for this record.
    /// </summary>
    protected IReadOnlyList<(SigningInput Input, string Target)>? ReadInputs(object? inputObject, string[]? paths, object? hash)
    {
        try
        {
            if (ParameterSetName == PathSet)
            {
                return (paths ?? []).SelectMany(p => SessionState.Path.GetResolvedProviderPathFromPSPath(p, out _)).Select(ReadFile).ToArray();
            }

            if (ParameterSetName == HashSet)
            {
                var digest = Unwrap(hash) switch
                {
                    byte[] bytes => SigningInput.FromDigest(bytes),
                    string text => SigningInput.FromDigestHex(text),
                    var other => throw Unsupported(other),
                };
                return [(digest, digest.DigestHex)];
            }

            return Unwrap(inputObject) switch
            {
                string text => [(SigningInput.FromData(Encoding.UTF8.GetBytes(text)), "string")],
                byte[] bytes => [(SigningInput.FromData(bytes), $"{bytes.Length} bytes")],
                FileInfo file => [ReadFile(file.FullName)],
                var other => throw Unsupported(other),
            };
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
            return null;
        }
        catch (ItemNotFoundException ex)
        {
            WriteError(new ErrorRecord(ex, "VaultRunbook.Signing.InputNotFound", ErrorCategory.ObjectNotFound, ex.ItemName));
            return null;
        }
    }

    private static (SigningInput, string) ReadFile(string path)
    {
        FileChecks.CheckReadable(path, "VaultRunbook.Signing.InputFile", "the file to sign");
        try
        {
            return (SigningInput.FromData(File.ReadAllBytes(path)), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FileChecks.Unreadable(path, "VaultRunbook.Signing.InputFile", "the file to sign", ex);
        }
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    private static SigningException Unsupported(object? value) =>
        new("VaultRunbook.Signing.UnsupportedInput", ErrorKind.InvalidArgument,
            $"Cannot sign a {(value is null ? "null" : value.GetType().Name)}: give a string, a byte array (-InputObject $bytes, or ,$bytes through the pipeline), a file (-Path) or a SHA-256 digest (-Hash).", null);
}
