using System.Collections;
using System.Text.Json;
using System.Collections.Concurrent;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Send-RunbookNotification in a real runspace against a loopback webhook listener: one message for everything piped,
/// the Slack fields, an incident recognised by its property names, a 400 not retried, -WhatIf, and the webhook URI's
/// path and a planted token kept out of the listener, every stream and the journal.
/// </summary>
public sealed class NotificationPipelineTests : IDisposable
{
    private const string SecretPath = "T0NOTIFY/B0NOTIFY/uriTokenPart9876";
    private readonly ConcurrentQueue<PeerAnswer> _answers = new();
    private readonly FixturePeer _peer;
    private readonly JournaledSandbox _sandbox = new();

    public NotificationPipelineTests()
    {
        _peer = new FixturePeer(_ => _answers.TryDequeue(out var next) ? next : new PeerAnswer(200, "ok", "text/plain"));
    }

    // The next scripted answer; once they run out the peer answers 200 "ok", as Slack does.
    private void Answer(int status, string body = "", params (string Name, string Value)[] headers) =>
        _answers.Enqueue(new PeerAnswer(status, body, "text/plain", headers.ToDictionary(h => h.Name, h => h.Value)));

    public void Dispose()
    {
        _sandbox.Dispose();
        _peer.Dispose();
    }

    private ScriptResult Run(string script, bool verbose = false) =>
        _sandbox.Session.Run(script, new Hashtable { ["hook"] = $"{_peer.Address}/services/{SecretPath}" }, verboseAndDebug: verbose);

    [Fact]
    public void Everything_piped_goes_in_one_message_with_the_slack_fields()
    {
        var result = Run("""
            $incident = [pscustomobject]@{ Id = 'INC-7'; Title = 'Vault sealed'; Severity = 1; Status = 'Open'; OpenedAt = [DateTimeOffset]'2026-12-05T14:00:00Z'; RespondBy = [DateTimeOffset]'2026-12-05T14:15:00Z' }
            $incident, ($sb | Get-VaultHealth) | Send-RunbookNotification -WebhookUri $hook -Channel '#docugen-alerts'
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var sent = Assert.Single(result.Output);
        Assert.Equal((true, 1, 200, 2), ((bool)sent.Properties["Sent"].Value, (int)sent.Properties["Attempts"].Value, (int?)sent.Properties["StatusCode"].Value, (int)sent.Properties["Objects"].Value));
        Assert.Equal(_peer.Address, sent.Properties["Endpoint"].Value);
        var request = Assert.Single(_peer.Requests);
        Assert.Equal(("POST", "/services/" + SecretPath), (request.Method, request.AbsolutePath));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("#docugen-alerts", root.GetProperty("channel").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(3, blocks.Count);
        Assert.Equal("Incident: Vault sealed (Sev 1, Open)", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("*Incident*: Sev 1 Vault sealed [Open], opened 2026-12-05 14:00 UTC, respond by 2026-12-05 14:15 UTC (INC-7)", blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Matches(@"^\*VaultHealth\*: http://127\.0\.0\.1:\d+ is Active", blocks[2].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal(3, root.GetProperty("text").GetString()!.Split('\n').Length);
    }

    [Fact]
    public void A_token_planted_in_a_piped_object_never_reaches_the_listener_or_any_stream()
    {
        var token = "hvs.CAESI" + Guid.NewGuid().ToString("N") + "Zz";
        var result = _sandbox.Session.Run(
            """
            $leaky = [pscustomobject]@{ Name = 'deploy'; Note = "login ok with $planted"; Message = "X-Vault-Token: $planted" }
            $err = [System.Management.Automation.ErrorRecord]::new([Exception]::new("vault said no to $planted"), 'Demo.Failure', 'NotSpecified', $null)
            $leaky, $err, "plain text holding $planted" | Send-RunbookNotification -WebhookUri $hook -Title "rotation with $planted" -Verbose
            """,
            new Hashtable { ["hook"] = $"{_peer.Address}/services/{SecretPath}", ["planted"] = token },
            verboseAndDebug: true);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var request = Assert.Single(_peer.Requests);
        Assert.DoesNotContain(token[4..], request.Body, StringComparison.Ordinal);
        Assert.Contains("Demo.Failure", request.Body, StringComparison.Ordinal); // the error is summarised, only its token is not
        Assert.Equal(3, JsonDocument.Parse(request.Body).RootElement.GetProperty("blocks").GetArrayLength() - 1);
        Assert.DoesNotContain(token[4..], result.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("uriTokenPart9876", result.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], File.ReadAllText(_sandbox.Journal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_400_is_not_retried_and_the_error_journal_and_streams_show_only_scheme_and_host()
    {
        Answer(400, "invalid_payload");

        var result = Run("$sb | Get-VaultHealth | Send-RunbookNotification -WebhookUri $hook -Verbose", verbose: true);

        Assert.Single(_peer.Requests);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("VaultRunbook.Notification.Rejected", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(_peer.Address, error.TargetObject);
        Assert.Contains("invalid_payload", error.Exception.Message, StringComparison.Ordinal);
        var sent = Assert.Single(result.Output);
        Assert.Equal((false, 1, 400), ((bool)sent.Properties["Sent"].Value, (int)sent.Properties["Attempts"].Value, (int?)sent.Properties["StatusCode"].Value));
        Assert.DoesNotContain("uriTokenPart9876", result.AllText(), StringComparison.Ordinal);
        var journal = File.ReadAllText(_sandbox.Journal);
        Assert.Contains("\"SendNotification\"", journal, StringComparison.Ordinal);
        Assert.Contains(_peer.Address, journal, StringComparison.Ordinal);
        Assert.DoesNotContain("uriTokenPart9876", journal, StringComparison.Ordinal);
        var logged = Run("Get-VaultActionLog -Action SendNotification");
        Assert.Equal("Failed", Assert.Single(logged.Output).Properties["Outcome"].Value);
    }

    [Fact]
    public void A_503_with_Retry_After_0_is_retried_and_the_result_counts_the_attempts()
    {
        Answer(503, "", ("Retry-After", "0"));

        var result = Run("'drill' | Send-RunbookNotification -WebhookUri $hook");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(2, (int)Assert.Single(result.Output).Properties["Attempts"].Value);
        Assert.Equal(2, _peer.Requests.Count);
    }

    [Fact]
    public void WhatIf_shows_the_json_and_sends_nothing()
    {
        var result = Run("$sb | Get-VaultHealth | Send-RunbookNotification -WebhookUri $hook -Title 'daily check' -WhatIf");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Empty(result.Output);
        Assert.Empty(_peer.Requests);
        Assert.Contains("\"blocks\"", result.HostText, StringComparison.Ordinal);
        Assert.Contains("daily check", result.HostText, StringComparison.Ordinal);
        Assert.Contains(_peer.Address, result.HostText, StringComparison.Ordinal);
        Assert.DoesNotContain("uriTokenPart9876", result.HostText, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_and_a_missing_uri_are_refused_without_showing_the_uri()
    {
        var insecure = Run("'x' | Send-RunbookNotification -WebhookUri 'http://hooks.example.com/services/T0/B0/remoteSecret42'");
        var missing = Run("$env:VAULT_RUNBOOK_WEBHOOK_URI = $null; 'x' | Send-RunbookNotification");

        Assert.StartsWith("VaultRunbook.Notification.InsecureUri", insecure.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.DoesNotContain("remoteSecret42", insecure.AllText(), StringComparison.Ordinal);
        Assert.StartsWith("VaultRunbook.Notification.MissingUri", missing.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(_peer.Requests);
    }
}
