using System.Globalization;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Notifications;

namespace VaultRunbook.Cmdlets.Notifications;

/// <summary>
/// One notification line per piped object. An incident is recognised by its property names (Title, Severity,
/// Status; OpenedAt, RespondBy, EscalateBy, ClosedAt when present), so any incident type works; anything else goes
/// to the incidents' object summariser (<see cref="PipedObjectSummary"/>).
/// </summary>
internal static class NotificationSummary
{
    public static NotificationLine Of(PSObject item) =>
        IsIncident(item) ? Incident(item) : Summarizer(item);

    /// <summary>The incident's title when one is piped, else "VaultRunbook: N objects".</summary>
    public static string DefaultTitle(IReadOnlyList<PSObject> items)
    {
        var incident = items.FirstOrDefault(IsIncident);
        return incident is not null
            ? $"Incident: {Text(incident, "Title")} (Sev {Text(incident, "Severity")}, {Text(incident, "Status")})"
            : $"VaultRunbook: {items.Count} object{(items.Count == 1 ? string.Empty : "s")}";
    }

    // The incidents' object summariser (redaction by type); the message masks and scans again before sending.
    private static NotificationLine Summarizer(PSObject item)
    {
        var summary = PipedObjectSummary.Summarize(item);
        return new NotificationLine(summary.Kind, summary.Summary);
    }

    private static bool IsIncident(PSObject item) =>
        item.Properties["Title"] is not null && item.Properties["Severity"] is not null && item.Properties["Status"] is not null;

    private static NotificationLine Incident(PSObject item)
    {
        var parts = new List<string> { $"Sev {Text(item, "Severity")} {Text(item, "Title")} [{Text(item, "Status")}]" };
        foreach (var (name, label) in new[] { ("OpenedAt", "opened"), ("RespondBy", "respond by"), ("EscalateBy", "escalate by"), ("MitigatedAt", "mitigated"), ("ResolvedAt", "resolved"), ("ClosedAt", "closed") })
        {
            if (Time(item, name) is { } time)
            {
                parts.Add($"{label} {time}");
            }
        }

        var id = Text(item, "Id");
        return new NotificationLine("Incident", string.Join(", ", parts) + (id.Length > 0 ? $" ({id})" : string.Empty));
    }

    private static string Text(PSObject item, string name) => item.Properties[name]?.Value?.ToString() ?? string.Empty;

    private static string? Time(PSObject item, string name) => item.Properties[name]?.Value switch
    {
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        DateTime at => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        null => null,
        var other => other.ToString(),
    };
}
