using System.Globalization;
using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Leaks;
using VaultRunbook.Engine.Notifications;

namespace VaultRunbook.Cmdlets.Notifications;

/// <summary>
/// <para type="synopsis">Posts one Slack-compatible webhook message summarising the piped objects or incident; retried on 5xx and 429 with Retry-After; never sends a secret.</para>
/// <para type="description">Every object piped in becomes one line of a single message, sent once the pipeline ends:
/// its kind and a one-line summary (an incident, recognised by its Title, Severity and Status properties, shows its
/// severity, status and times). The body has "text" (title and lines, for clients that read only text) and Slack
/// "blocks" (a header and one section per object), plus "channel" when -Channel is given. Token-looking values
/// (hvs., hvb., hvr., s. tokens, hf_, AWS access key ids, PEM private keys) are masked, and the finished JSON is
/// scanned again: if one is still there the message is not sent (VaultRunbook.Notification.SecretDetected).
/// The webhook URI is a secret (a Slack webhook's path is its token): it is taken as a string or SecureString, or
/// from VAULT_RUNBOOK_WEBHOOK_URI, and only scheme://host is ever shown, in errors, verbose text, the result and the
/// action journal. Plain http is refused unless the host is loopback or -AllowInsecure is given. A 5xx or 429
/// answer or a connection failure is retried up to -MaxAttempts attempts, waiting as Retry-After says (seconds
/// or an HTTP date; at most -MaxRetryAfterSec) or 1 s, 2 s, 4 s...; any other 4xx is not retried
/// (VaultRunbook.Notification.Rejected). A message that was not sent gives an error
/// (VaultRunbook.Notification.Failed, .Unreachable, .Timeout) after its result (Sent false). -WhatIf shows the JSON
/// that would be sent.</para>
/// <example><code>Get-VaultHealth -Address $nodes | Where-Object { -not $_.IsHealthy } | Send-RunbookNotification -WebhookUri $env:SLACK_WEBHOOK -Channel '#docugen-alerts' -Title 'Vault nodes unhealthy'</code><para>Posts one message to #docugen-alerts listing every unhealthy node with its status, and nothing when all are healthy.</para></example>
/// <example><code>Enable-KillSwitch -Reason 'vault 503s' | Send-RunbookNotification -Title 'Kill switch on' -WhatIf</code><para>Shows the JSON that would be posted to VAULT_RUNBOOK_WEBHOOK_URI about the kill switch, without sending it.</para></example>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "RunbookNotification", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.NotificationResult)]
public sealed class SendRunbookNotificationCommand : AsyncCmdlet
{
    public const string WebhookEnvironmentVariable = "VAULT_RUNBOOK_WEBHOOK_URI";
    public const string MissingUriErrorId = "VaultRunbook.Notification.MissingUri";

    private readonly List<PSObject> _objects = new();

    /// <summary>The webhook's URI (a string or a SecureString); it holds the webhook's token and is never shown.</summary>
    [Parameter(Position = 0)]
    [SecureStringTransformation]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_WEBHOOK_URI")]
    public SecureString? WebhookUri { get; set; }

    /// <summary>The channel to post to (#docugen-alerts), for webhooks that honour it.</summary>
    [Parameter]
    public string? Channel { get; set; }

    /// <summary>The message's title.</summary>
    [Parameter]
    [PSDefaultValue(Help = "the incident's title when an incident is piped, else 'VaultRunbook: N objects'")]
    public string? Title { get; set; }

    /// <summary>The objects to summarise (VaultHealth, rollout state, signatures, Kubernetes changes, an incident, errors...).</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Attempts in all, 1 to 10.</summary>
    [Parameter]
    [ValidateRange(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest wait between attempts, in seconds, whatever Retry-After asks.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int MaxRetryAfterSec { get; set; } = 60;

    /// <summary>How long one attempt may take, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>Allow plain http to a host that is not loopback (the URI's token then crosses the network in clear).</summary>
    [Parameter]
    public SwitchParameter AllowInsecure { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _objects.Add(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        var endpoint = Endpoint();
        var lines = _objects.Select(NotificationSummary.Of).ToList();
        var title = TokenPatterns.Redact(Title ?? NotificationSummary.DefaultTitle(_objects)); // the result and the journal show it too
        string json;
        try
        {
            json = NotificationMessage.Build(title, Channel, lines);
        }
        catch (NotificationException ex)
        {
            ThrowEngineError(ex, endpoint.Display);
            return;
        }

        if (!ShouldProcess($"POST to {endpoint.Display}:\n{json}", $"Post a message about {lines.Count} object(s) to {endpoint.Display}?", "Send-RunbookNotification"))
        {
            return;
        }

        WriteVerbose($"POST to {endpoint.Display}: {lines.Count} object(s), at most {MaxAttempts} attempt(s).");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
        var sender = new WebhookSender(http, TimeProvider.System) { MaxAttempts = MaxAttempts, MaxDelay = TimeSpan.FromSeconds(MaxRetryAfterSec) };
        var template = new NotificationResult { Sent = false, Attempts = 0, Objects = lines.Count, Endpoint = endpoint.Display, Channel = Channel, Title = title };
        var result = Run(ct => sender.SendAsync(endpoint, json, template, ct));
        foreach (var wait in result.Waits)
        {
            WriteVerbose($"Waited {wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s before a retry.");
        }

        RecordAction(ActionRecord.Now("SendNotification", endpoint.Display, result.Sent ? "Sent" : "Failed") with
        {
            Subject = title,
            ErrorId = result.ErrorId,
            Message = result.Message,
        });
        WriteObject(result);
        if (!result.Sent)
        {
            var category = result.ErrorId == WebhookSender.RejectedErrorId ? ErrorCategory.InvalidOperation : ErrorCategory.ConnectionError;
            WriteError(ErrorRecords.Create(result.ErrorId!, category, result.Message!, endpoint.Display));
        }
    }

    private WebhookEndpoint Endpoint()
    {
        var uri = WebhookUri is not null
            ? SecureStrings.ToSensitive(WebhookUri).Reveal()
            : Environment.GetEnvironmentVariable(WebhookEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            ThrowTerminatingError(ErrorRecords.Create(MissingUriErrorId, ErrorCategory.InvalidArgument, $"No webhook URI: give -WebhookUri or set {WebhookEnvironmentVariable}.", null));
        }

        try
        {
            return WebhookEndpoint.Parse(uri!, AllowInsecure);
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached
        }
    }
}
