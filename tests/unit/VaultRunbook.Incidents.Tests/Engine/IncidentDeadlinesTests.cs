using VaultRunbook.Engine.Incidents;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Engine;

public sealed class IncidentDeadlinesTests
{
    // A fixed zone two hours ahead of UTC without daylight saving, so the tests mean the same on every machine.
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(1, 15, 0)]
    [InlineData(2, 60, 30)]
    [InlineData(3, 240, 120)]
    public void Sev1_to_Sev3_follow_the_table(int severity, int respondMinutes, int escalateMinutes)
    {
        var opened = Local(2026, 12, 5, 14, 7);
        var (respond, escalate) = IncidentDeadlines.For(severity, opened, Zone);

        Assert.Equal(opened.AddMinutes(respondMinutes), respond);
        Assert.Equal(opened.AddMinutes(escalateMinutes), escalate);
    }

    [Theory]
    [InlineData(2026, 12, 1, 8, 2026, 12, 2)]   // Tuesday 08:00 -> Wednesday 09:00 (the next day, even before 09:00)
    [InlineData(2026, 12, 4, 16, 2026, 12, 7)]  // Friday 16:00 -> Monday 09:00
    [InlineData(2026, 12, 5, 10, 2026, 12, 7)]  // Saturday -> Monday
    [InlineData(2026, 12, 6, 23, 2026, 12, 7)]  // Sunday 23:00 -> Monday 09:00
    public void Sev4_is_09_00_local_on_the_next_weekday_and_never_escalates(int y, int m, int d, int h, int ry, int rm, int rd)
    {
        var (respond, escalate) = IncidentDeadlines.For(4, Local(y, m, d, h), Zone);

        Assert.Equal(Local(ry, rm, rd, 9), respond);
        Assert.Null(escalate);
    }

    [Fact]
    public void Sev4_reads_the_day_in_the_operators_zone_not_in_UTC()
    {
        // Friday 23:30 UTC is already Saturday 01:30 in the zone: the next business day is Monday, not the Saturday UTC would give.
        var (respond, _) = IncidentDeadlines.For(4, new DateTimeOffset(2026, 12, 4, 23, 30, 0, TimeSpan.Zero), Zone);

        Assert.Equal(Local(2026, 12, 7, 9), respond);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_severity_outside_1_to_4_is_refused(int severity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IncidentDeadlines.For(severity, DateTimeOffset.UtcNow, Zone));
}
