using System.Text;

namespace Accountability.Admin.Cli;

/// <summary>
/// RFC 4180 CSV: comma-separated, double quotes around fields that hold commas, quotes or line
/// breaks, a doubled quote for a quote. Each record comes with the file line it starts on, so
/// rejected rows can be named by line.
/// </summary>
public static class CsvParser
{
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var line = 1;
        var startLine = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return (startLine, fields);
                    }

                    fields = [];
                    field.Clear();
                    any = false;
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append(ch);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {startLine}: a quoted field is not closed");
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (startLine, fields);
        }
    }
}
