using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>The backup cmdlets' key for sealed Secrets: -KeyFile (owner-only) or -Key (a SecureString), never both.</summary>
public abstract class KubeConfigBackupCmdlet : KubeCmdlet
{
    /// <summary>A file holding the AES-256 key (32 random bytes as base64 or hex, or the raw bytes); it must be owner-only (chmod 600).</summary>
    [Parameter]
    public string? KeyFile { get; set; }

    /// <summary>The AES-256 key as a SecureString (or a plain string, kept out of every stream): 32 bytes as base64 or hex.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? Key { get; set; }

    /// <summary>The key from -KeyFile or -Key, or null when neither is given; a bad key ends the cmdlet.</summary>
    protected BackupKey? OpenKey()
    {
        if (!string.IsNullOrEmpty(KeyFile) && Key is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.BackupKeyConflict", ErrorCategory.InvalidArgument, "Give the backup key once: -KeyFile or -Key, not both.", null));
        }

        try
        {
            if (!string.IsNullOrEmpty(KeyFile))
            {
                return BackupKey.FromFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile));
            }

            return Key is null ? null : BackupKey.FromText(SecureStrings.ToSensitive(Key));
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached: ThrowTerminatingError throws
        }
    }
}
