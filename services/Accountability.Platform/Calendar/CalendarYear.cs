namespace Accountability.Platform.Calendar;

/// <summary>
/// One year of the State Council holiday notice, as stored in seeds/calendar/&lt;year&gt;.json.
/// </summary>
/// <param name="Year">The calendar year the notice covers.</param>
/// <param name="Source">Title and document number of the notice, or why the year is provisional.</param>
/// <param name="Holidays">Every day off of every holiday block, weekend days inside a block included.</param>
/// <param name="Workdays">Weekend days that the notice turns into working days (调休上班日).</param>
/// <param name="Provisional">
/// True when the notice was not yet published and the year lists only the statutory holidays:
/// the real arrangement will add adjusted workdays and make-up days off, so deadlines in such a
/// year may move once the notice arrives.
/// </param>
public sealed record CalendarYear(
    int Year,
    string Source,
    IReadOnlyList<CalendarDay> Holidays,
    IReadOnlyList<CalendarDay> Workdays,
    bool Provisional = false);

/// <summary>A dated entry of a holiday notice.</summary>
/// <param name="Date">The day.</param>
/// <param name="Name">The holiday the day belongs to, e.g. 春节 or 春节调休.</param>
public sealed record CalendarDay(DateOnly Date, string Name);
