using System.Text;

namespace Accountability.Admin.Cli;

/// <summary>Splits a command line as a POSIX shell does for plain words, single and double quotes and backslashes.</summary>
public static class ShellWords
{
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '\'':
                    inWord = true;
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("unterminated single quote: " + line);
                    }

                    current.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        current.Append(line[i]);
                    }

                    if (i >= line.Length)
                    {
                        throw new FormatException("unterminated double quote: " + line);
                    }

                    break;
                case '\\' when i + 1 < line.Length:
                    inWord = true;
                    current.Append(line[++i]);
                    break;
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    inWord = true;
                    current.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
