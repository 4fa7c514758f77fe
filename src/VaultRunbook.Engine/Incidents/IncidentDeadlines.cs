namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// The runbook's severity table. Sev1: respond within 15 minutes, escalate immediately. Sev2: respond within 1 hour,
/// escalate after 30 minutes. Sev3: respond within 4 hours, escalate after 2 hours. Sev4: respond by the next business
/// day, defined as 09:00 local time on the first Monday-to-Friday calendar day after the day the incident opened
/// (opened Friday 16:00 or Saturday: Monday 09:00; opened Tuesday 08:00: Wednesday 09:00); the table gives Sev4 no
/// escalation. Public holidays are not known and count as business days.
/// </summary>
public static class IncidentDeadlines
{
    public const int MinSeverity = 1;
    public const int MaxSeverity = 4;

    /// <summary>The respond-by and escalate-by times for an incident opened at <paramref name="openedAt"/>.</summary>
    /// <param name="zone">The operator's time zone, for Sev4's 09:00.</param>
    /// <exception cref="ArgumentOutOfRangeException">The severity is not 1 to 4.</exception>
    public static (DateTimeOffset RespondBy, DateTimeOffset? EscalateBy) For(int severity, DateTimeOffset openedAt, TimeZoneInfo zone) => severity switch
    {
        1 => (openedAt.AddMinutes(15), openedAt),
        2 => (openedAt.AddHours(1), openedAt.AddMinutes(30)),
        3 => (openedAt.AddHours(4), openedAt.AddHours(2)),
        4 => (NextBusinessDay(openedAt, zone), null),
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "The severity is 1 to 4."),
    };

    /// <summary>09:00 local on the first Monday-to-Friday after the local calendar day of <paramref name="openedAt"/>.</summary>
    public static DateTimeOffset NextBusinessDay(DateTimeOffset openedAt, TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(openedAt, zone).Date.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var nine = day.AddHours(9);
        // 09:00 never falls in a DST gap in practice; if a zone has one there, take the first valid minute after it.
        while (zone.IsInvalidTime(nine))
        {
            nine = nine.AddMinutes(1);
        }

        return new DateTimeOffset(nine, zone.GetUtcOffset(nine));
    }
}
