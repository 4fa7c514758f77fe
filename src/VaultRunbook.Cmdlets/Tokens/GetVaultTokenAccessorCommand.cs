using System.Management.Automation;
using System.Net;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Tokens;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Lists the accessors of every token (LIST auth/token/accessors, root or sudo) with each token's lookup: DisplayName, Policies, Path, CreationTime, ExpireTime, Orphan.</para>
/// <para type="description">The lookups run -ThrottleLimit at a time and each token is written as soon as its
/// lookup answers, so a large token store streams. A token revoked between the list and its lookup is skipped (said
/// in -Verbose). The output names tokens by accessor, never by value, and pipes into Revoke-VaultToken.</para>
/// <example><code>Get-VaultTokenAccessor | Where-Object DisplayName -like 'approle*' | Revoke-VaultToken -Confirm:$false</code><para>Revokes every token the AppRole login issued, found by display name among all the accessors.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultTokenAccessor")]
[OutputType(EngineTypeNames.VaultTokenInfo)]
public sealed class GetVaultTokenAccessorCommand : TokenCmdlet
{
    /// <summary>How many token lookups to run at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    [PSDefaultValue(Help = "8")]
    public int ThrottleLimit { get; set; } = 8;

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
        IReadOnlyList<string> accessors;
        try
        {
            accessors = Run(ct => client.ListAccessorsAsync(ct));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
            return;
        }

        WriteVerbose($"{accessors.Count} token accessors at {settings.AddressText}.");
        var progress = new ProgressRecord(1, "Looking up tokens", $"0 of {accessors.Count}");
        Run(ct => BoundedParallel.RunAsync<string, bool>(
            accessors,
            ThrottleLimit,
            async (accessor, token) =>
            {
                try
                {
                    var info = await client.LookupAccessorAsync(accessor, token).ConfigureAwait(false);
                    Post(() => WriteObject(info));
                }
                catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
                {
                    Post(() => WriteVerbose($"The token with accessor {accessor} is gone (revoked or expired since the list)."));
                }
                catch (EngineException ex)
                {
                    Post(() => WriteEngineError(ex, accessor));
                }

                return true;
            },
            (done, _) => Post(() =>
            {
                progress.StatusDescription = $"{done} of {accessors.Count}";
                progress.PercentComplete = done * 100 / Math.Max(1, accessors.Count);
                WriteProgress(progress);
            }),
            ct));
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }
}
