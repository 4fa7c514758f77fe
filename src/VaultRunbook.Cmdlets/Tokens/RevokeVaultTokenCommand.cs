using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Tokens;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Revokes Vault tokens: by value (-Token), by accessor (-Accessor, from the pipeline), every token issued under an auth path (-Prefix), or the caller's own (-Self).</para>
/// <para type="description">Revocation is Vault's: a token goes with all its child tokens, unless -Orphan keeps the
/// children (as orphans; needs root or sudo). -Token revokes the token through itself (revoke-self, which every
/// token may do), so no other token is needed; with -Orphan the call uses VAULT_TOKEN (or ~/.vault-token). With
/// -Accessor, -Prefix and -Self, -Token is the caller's token as for every other cmdlet. -Prefix is the runbook's
/// vault token revoke -mode=path auth/approle/ (sys/leases/revoke-prefix, needs sudo). Revoking is idempotent: a
/// token Vault no longer knows gives a TokenRevocation with Existed false. The output names the token by its
/// accessor and display name, never by its value, and each revocation is recorded in the action journal.</para>
/// <example><code>Get-VaultTokenAccessor | Where-Object DisplayName -like 'approle*' | Revoke-VaultToken -Confirm:$false</code><para>Finds every token the AppRole login issued, by accessor, and revokes each with its children.</para></example>
/// <example><code>Revoke-VaultToken -Prefix auth/approle/ -Confirm:$false</code><para>Revokes every token issued under auth/approle/ (vault token revoke -mode=path), and only those.</para></example>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "VaultToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TokenSet)]
[OutputType(EngineTypeNames.TokenRevocation)]
public sealed class RevokeVaultTokenCommand : TokenCmdlet
{
    private const string TokenSet = "Token";
    private const string AccessorSet = "Accessor";
    private const string PrefixSet = "Prefix";
    private const string SelfSet = "Self";

    /// <summary>
    /// With -Token alone: the token to revoke (a SecureString or a plain string; an object's Token property binds
    /// by name). With -Accessor, -Prefix or -Self: the caller's token, as for every cmdlet (default VAULT_TOKEN).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = AccessorSet)]
    [Parameter(ParameterSetName = PrefixSet)]
    [Parameter(ParameterSetName = SelfSet)]
    [SecureStringTransformation]
    public new SecureString? Token { get; set; }

    /// <summary>The accessors of the tokens to revoke (binds by name from Get-VaultTokenAccessor and Get-VaultToken).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessorSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Accessor { get; set; } = [];

    /// <summary>An auth path whose tokens are all revoked (auth/approle/), as vault token revoke -mode=path. Needs sudo.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PrefixSet)]
    [ValidateNotNullOrEmpty]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>Revoke the caller's own token (-Token, or VAULT_TOKEN), with its children.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SelfSet)]
    public SwitchParameter Self { get; set; }

    /// <summary>Keep the child tokens (they become orphans) instead of revoking them. Needs root or sudo.</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = AccessorSet)]
    public SwitchParameter Orphan { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == TokenSet && MyInvocation.BoundParameters.TryGetValue(nameof(Token), out var bound) && IsSessionDefault(bound))
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Token.TargetRequired",
                ErrorCategory.InvalidArgument,
                "Revoke-VaultToken was given no token to revoke: the -Token it has comes from $PSDefaultParameterValues, which names the caller. Give -Token, -Accessor, -Prefix or -Self. Nothing was revoked.",
                null));
        }
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case TokenSet:
                RevokeByValue();
                break;
            case AccessorSet:
                foreach (var accessor in Accessor)
                {
                    RevokeByAccessor(accessor);
                }

                break;
            case PrefixSet:
                RevokeByPrefix();
                break;
            default:
                RevokeSelf();
                break;
        }
    }

    private void RevokeByValue()
    {
        var target = SecureStrings.ToSensitive(Token!);
        base.Token = Token;
        var asTarget = ResolveSettings(Address?.Address);
        var client = ClientFor(asTarget);
        VaultTokenInfo? info;
        try
        {
            info = Run(ct => client.LookupSelfAsync(ct));
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            info = null;
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, asTarget.AddressText);
            return;
        }

        if (info is null)
        {
            WriteVerbose($"The token is not valid at {asTarget.AddressText} (already revoked or expired): nothing to revoke.");
            RecordAction(ActionRecord.Now("RevokeToken", asTarget.AddressText, "NotFound") with { Subject = "a token Vault does not know" });
            Emit(asTarget, Orphan ? TokenRevocationMode.Orphan : TokenRevocationMode.Token, null, existed: false);
            return;
        }

        if (!ShouldProcess(Describe(info, asTarget), Orphan ? "Revoke the token, keeping its child tokens as orphans" : "Revoke the token and all its child tokens"))
        {
            return;
        }

        if (Orphan)
        {
            base.Token = null; // the caller from VAULT_TOKEN or ~/.vault-token: revoke-orphan needs root or sudo
            var caller = ClientFor(ResolveSettings(Address?.Address));
            Revoke(asTarget, TokenRevocationMode.Orphan, info, ct => caller.RevokeOrphanAsync(target, ct));
        }
        else
        {
            Revoke(asTarget, TokenRevocationMode.Token, info, ct => client.RevokeSelfAsync(ct));
        }
    }

    private void RevokeByAccessor(string accessor)
    {
        base.Token = Token;
        var (settings, client) = Connect();
        VaultTokenInfo? info;
        try
        {
            info = Run(ct => client.LookupAccessorAsync(accessor, ct));
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            WriteVerbose($"No token with accessor {accessor} at {settings.AddressText} (already revoked or expired): nothing to revoke.");
            RecordAction(ActionRecord.Now("RevokeToken", settings.AddressText, "NotFound") with { Subject = Subject(null, accessor) });
            Emit(settings, TokenRevocationMode.Accessor, null, existed: false, accessor);
            return;
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            info = null; // the caller may revoke without being allowed to look up: revoke by accessor alone
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, accessor);
            return;
        }

        if (!ShouldProcess(info is null ? $"token with accessor {accessor} at {settings.AddressText}" : Describe(info, settings), Orphan ? "Revoke the token, keeping its child tokens as orphans" : "Revoke the token and all its child tokens"))
        {
            return;
        }

        if (Orphan)
        {
            // revoke-orphan takes the token itself, which an accessor does not give: Vault has no orphan-by-accessor.
            WriteError(ErrorRecords.Create(
                "VaultRunbook.Token.OrphanNeedsToken",
                ErrorCategory.InvalidArgument,
                $"Vault cannot revoke by accessor and keep the children (there is no revoke-orphan by accessor); give the token with -Token ... -Orphan. The token with accessor {accessor} was not revoked.",
                accessor));
            return;
        }

        var existed = true;
        Revoke(settings, TokenRevocationMode.Accessor, info, async ct => existed = await client.RevokeAccessorAsync(accessor, ct).ConfigureAwait(false), accessor, () => existed);
    }

    private void RevokeByPrefix()
    {
        base.Token = Token;
        var settings = ResolveSettings(Address?.Address);
        var prefix = Prefix.Trim().TrimStart('/');
        if (!ShouldProcess($"every token issued under {prefix} at {settings.AddressText}", "Revoke the tokens and their child tokens"))
        {
            return;
        }

        var client = ClientFor(settings);
        try
        {
            Run(ct => client.RevokePrefixAsync(prefix, ct));
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now("RevokeToken", settings.AddressText, "Failed") with { Subject = "prefix " + prefix, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, prefix);
            return;
        }

        RecordAction(ActionRecord.Now("RevokeToken", settings.AddressText, "Revoked") with { Subject = "prefix " + prefix });
        WriteObject(new TokenRevocation { Address = settings.AddressText, Namespace = settings.Namespace, Mode = TokenRevocationMode.Prefix, Prefix = prefix, RevokedAt = DateTimeOffset.UtcNow });
    }

    private void RevokeSelf()
    {
        base.Token = Token;
        var (settings, client) = Connect();
        VaultTokenInfo? info;
        try
        {
            info = Run(ct => client.LookupSelfAsync(ct));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
            return;
        }

        if (ShouldProcess(Describe(info, settings), "Revoke the calling token and all its child tokens"))
        {
            Revoke(settings, TokenRevocationMode.Self, info, ct => client.RevokeSelfAsync(ct));
        }
    }

    private void Revoke(VaultConnectionSettings settings, TokenRevocationMode mode, VaultTokenInfo? info, Func<CancellationToken, Task> work, string? accessor = null, Func<bool>? existed = null)
    {
        var subject = Subject(info, accessor);
        try
        {
            Run(work);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now("RevokeToken", settings.AddressText, "Failed") with { Subject = subject, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, info?.Accessor ?? accessor ?? settings.AddressText);
            return;
        }

        var found = existed?.Invoke() ?? true;
        RecordAction(ActionRecord.Now("RevokeToken", settings.AddressText, found ? "Revoked" : "NotFound") with { Subject = subject });
        Emit(settings, mode, info, found, accessor);
    }

    private void Emit(VaultConnectionSettings settings, TokenRevocationMode mode, VaultTokenInfo? info, bool existed, string? accessor = null) =>
        WriteObject(new TokenRevocation
        {
            Address = settings.AddressText,
            Namespace = settings.Namespace,
            Accessor = info?.Accessor ?? accessor,
            DisplayName = info?.DisplayName,
            Mode = mode,
            Existed = existed,
            RevokedAt = DateTimeOffset.UtcNow,
        });

    private bool IsSessionDefault(object? bound)
    {
        if (SessionState.PSVariable.GetValue("PSDefaultParameterValues") is not IDictionary defaults)
        {
            return false;
        }

        foreach (DictionaryEntry entry in defaults)
        {
            var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            if (ReferenceEquals(value, bound) || (value is string text && bound is SecureString secure && SecureStrings.ToSensitive(secure).Reveal() == text))
            {
                return true;
            }
        }

        return false;
    }

    private static string Subject(VaultTokenInfo? info, string? accessor) =>
        info is null ? $"token accessor {accessor}" : $"token {info.DisplayName} accessor {info.Accessor}";

    private static string Describe(VaultTokenInfo info, VaultConnectionSettings settings) =>
        $"token '{info.DisplayName}' (accessor {info.Accessor}, policies {string.Join(",", info.Policies)}) at {settings.AddressText}";
}
