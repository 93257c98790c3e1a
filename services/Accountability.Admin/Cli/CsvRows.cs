using Spectre.Console;

namespace Accountability.Admin.Cli;

/// <summary>A CSV row acct could not use, with its line number in the file.</summary>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>
/// Reads a CSV file with a header row (UTF-8, comma-separated) into values, showing a progress bar
/// on standard error, and collects the rows it cannot use with their line numbers.
/// </summary>
public static class CsvRows
{
    public static Task<(List<T> Rows, List<RejectedRow> Rejected)> ReadAsync<T>(Session session, string path, string option, IReadOnlyList<string> required, Func<Func<string, string>, T> parse) =>
        ReadAsync(session, path, option, required, (_, field) => parse(field));

    /// <summary>As above, with each row's line number given to <paramref name="parse"/> (to name the row later, e.g. when the server refuses it).</summary>
    public static async Task<(List<T> Rows, List<RejectedRow> Rejected)> ReadAsync<T>(Session session, string path, string option, IReadOnlyList<string> required, Func<int, Func<string, string>, T> parse)
    {
        var full = Path.GetFullPath(path, session.Env.CurrentDirectory);
        if (!File.Exists(full))
        {
            throw CliException.Usage(option, Texts.T("no file {0}", full));
        }

        var records = new List<(int Line, Dictionary<string, string> Fields)>();
        try
        {
            using var reader = new StreamReader(full, System.Text.Encoding.UTF8);
            string[]? header = null;
            foreach (var (line, values) in CsvParser.Read(reader))
            {
                if (header is null)
                {
                    header = values.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
                    var missing = required.Where(r => !header.Contains(r)).ToList();
                    if (missing.Count > 0)
                    {
                        throw CliException.Usage(option, Texts.T("{0} has no column {1} (the first row must name the columns {2})", full, string.Join(",", missing), string.Join(",", required)));
                    }

                    continue;
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++)
                {
                    fields[header[i]] = i < values.Count ? values[i].Trim() : "";
                }

                records.Add((line, fields));
            }

            if (header is null)
            {
                throw CliException.Usage(option, Texts.T("{0} is empty: the first row must name the columns {1}", full, string.Join(",", required)));
            }
        }
        catch (FormatException e)
        {
            throw CliException.Usage(option, e.Message);
        }

        var rows = new List<T>();
        var rejected = new List<RejectedRow>();
        await Progress(session, Texts.T("Reading {0}", Path.GetFileName(full)), records.Count, advance =>
        {
            foreach (var (line, fields) in records)
            {
                try
                {
                    rows.Add(parse(line, name => fields.GetValueOrDefault(name, "")));
                }
                catch (CliException e)
                {
                    rejected.Add(new RejectedRow(line, e.Message));
                }

                advance();
            }

            return Task.CompletedTask;
        });
        return (rows, rejected);
    }

    /// <summary>A progress bar on standard error (plain percentage lines when it is not a terminal).</summary>
    public static async Task Progress(Session session, string description, int total, Func<Action, Task> work)
    {
        if (!session.Env.Interactive)
        {
            // Not a terminal (a pipe, a log, a test): a line at every tenth instead of a redrawn bar.
            var done = 0;
            var shown = -1;
            void Report()
            {
                var percent = total == 0 ? 100 : done * 100 / total;
                if (percent / 10 > shown / 10 || (percent == 100 && shown != 100))
                {
                    shown = percent;
                    session.ErrorConsole.Write(new Text($"{description}: {percent}% ({done}/{total}){Environment.NewLine}"));
                }
            }

            Report();
            await work(() =>
            {
                done++;
                Report();
            });
            done = total;
            Report();
            return;
        }

        var progress = new Progress(session.ErrorConsole, TimeProvider.System) { AutoClear = false, HideCompleted = false };
        await progress.Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(total, 1));
                await work(() => task.Increment(1));
                task.Value = task.MaxValue;
            });
    }

    /// <summary>Reports rejected rows on standard error (JSON with --json) and returns whether there were any.</summary>
    public static bool ReportRejected(Session session, IReadOnlyList<RejectedRow> rejected)
    {
        if (rejected.Count == 0)
        {
            return false;
        }

        if (session.Settings.Json)
        {
            session.Env.Error.WriteLine(new System.Text.Json.Nodes.JsonObject
            {
                ["rejected"] = new System.Text.Json.Nodes.JsonArray([.. rejected.Select(r => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["line"] = r.Line, ["reason"] = r.Reason })]),
            }.ToJsonString());
        }
        else
        {
            foreach (var row in rejected)
            {
                session.ErrorConsole.Write(new Text(Texts.T("Line {0}: {1}", row.Line, row.Reason) + Environment.NewLine));
            }
        }

        return true;
    }
}
