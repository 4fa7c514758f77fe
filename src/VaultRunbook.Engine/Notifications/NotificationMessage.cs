using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Leaks;

namespace VaultRunbook.Engine.Notifications;

/// <summary>
/// Builds the Slack-compatible webhook body: <c>text</c> (the title and one line per object, for clients that read
/// only text: Mattermost, Rocket.Chat, Teams' Slack mode), optional <c>channel</c>, and <c>blocks</c> (a header,
/// then one section per object: its kind in bold and its summary). Every title and line is redacted
/// (<see cref="TokenPatterns.Redact"/>), and the finished JSON is scanned again: a token-looking value that is
/// still there stops the send.
/// </summary>
public static class NotificationMessage
{
    public const string SecretDetectedErrorId = "VaultRunbook.Notification.SecretDetected";

    /// <summary>Slack takes at most 50 blocks: the header, 48 objects, and a last line saying how many more there were.</summary>
    public const int MaxObjectBlocks = 48;

    private const int MaxLineLength = 500;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON body for one message about all <paramref name="lines"/>.</summary>
    /// <exception cref="NotificationException"><see cref="SecretDetectedErrorId"/>.</exception>
    public static string Build(string title, string? channel, IReadOnlyList<NotificationLine> lines)
    {
        var safeTitle = Clean(title);
        var safeLines = lines.Select(l => new NotificationLine(Clean(l.Kind), Clean(l.Summary))).ToList();

        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(safeTitle, 150) } },
        };
        foreach (var line in safeLines.Take(MaxObjectBlocks))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{Escaped(line.Kind)}*: {Escaped(line.Summary)}" },
            });
        }

        if (safeLines.Count > MaxObjectBlocks)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = $"and {safeLines.Count - MaxObjectBlocks} more" } },
            });
        }

        var body = new JsonObject { ["text"] = string.Join("\n", safeLines.Select(l => $"{l.Kind}: {l.Summary}").Prepend(safeTitle)) };
        if (!string.IsNullOrWhiteSpace(channel))
        {
            body["channel"] = Clean(channel);
        }

        body["blocks"] = blocks;
        var json = body.ToJsonString(Json);
        var left = TokenPatterns.Find(json);
        if (left.Count > 0)
        {
            throw new NotificationException(
                SecretDetectedErrorId,
                ErrorKind.InvalidData,
                $"The notification was not sent: it still holds {left.Count} token-looking value(s) ({string.Join(", ", left.Select(m => m.Kind).Distinct())}) after redaction.");
        }

        return json;
    }

    // One line, no control characters, token-looking values masked, and not longer than a chat line should be.
    private static string Clean(string text) =>
        Cut(TokenPatterns.Redact(new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim()), MaxLineLength);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    // Slack's mrkdwn: &, < and > are escaped; everything else is shown as written.
    private static string Escaped(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
