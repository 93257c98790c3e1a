using Spectre.Console.Cli;

namespace Accountability.Admin.Cli;

/// <summary>A command about one object, named by its id.</summary>
public class IdSettings : GlobalSettings
{
    [CommandArgument(0, "<ID>")]
    [Text("The object's id")]
    public string Id { get; set; } = "";
}

/// <summary>A change to one object; --expected-version guards against someone else's change meanwhile.</summary>
public class ChangeSettings : IdSettings
{
    [CommandOption("--expected-version <N>")]
    [Text("The version you last saw; the change is refused if it moved on (0 or absent: not checked)")]
    public long ExpectedVersion { get; set; }
}

/// <summary>A change that records why.</summary>
public sealed class ReasonSettings : ChangeSettings
{
    [CommandOption("--reason <TEXT>")]
    [Text("Why (written to the record)")]
    public string? Reason { get; set; }
}

/// <summary>A change that records a note.</summary>
public sealed class NoteSettings : ChangeSettings
{
    [CommandOption("--note <TEXT>")]
    [Text("A note for the record")]
    public string? Note { get; set; }
}

/// <summary>Waiting for an object to reach a status (events travel between services).</summary>
public sealed class WaitSettings : IdSettings
{
    [CommandOption("--status <STATUS>")]
    [Text("The status to wait for")]
    public string? Status { get; set; }

    [CommandOption("--timeout <SECONDS>")]
    [Text("Give up after this many seconds (default 30)")]
    public int Timeout { get; set; } = 30;
}

/// <summary>A list with keyset paging.</summary>
public class PageSettings : GlobalSettings
{
    [CommandOption("--page-size <N>")]
    [Text("Rows per page, at most 100 (default 20)")]
    public int PageSize { get; set; }

    [CommandOption("--page-token <TOKEN>")]
    [Text("Continue from the page token a previous page printed")]
    public string? PageToken { get; set; }

    [CommandOption("--all")]
    [Text("Fetch every page")]
    public bool All { get; set; }

    [CommandOption("--wait <SECONDS>")]
    [Text("Wait up to this many seconds until the list is not empty (events travel between services)")]
    public int Wait { get; set; }
}

/// <summary>A list of things with deadlines, filtered by how close the deadlines are.</summary>
public class DeadlineListSettings : PageSettings
{
    [CommandOption("--overdue")]
    [Text("Only those with an overdue deadline")]
    public bool Overdue { get; set; }

    [CommandOption("--due-within <WORKING_DAYS>")]
    [Text("Only those with a deadline due within this many working days (overdue included)")]
    public int DueWithin { get; set; }
}

/// <summary>A period of figures: --year, or --from and --to (days, both included; default this year so far).</summary>
public class PeriodSettings : GlobalSettings
{
    [CommandOption("--from <DAY>")]
    [Text("First day, YYYY-MM-DD (default 1 January of this year)")]
    public string? From { get; set; }

    [CommandOption("--to <DAY>")]
    [Text("Last day, YYYY-MM-DD, included (default today)")]
    public string? To { get; set; }

    [CommandOption("--year <YEAR>")]
    [Text("A whole calendar year instead of --from and --to")]
    public string? Year { get; set; }
}
