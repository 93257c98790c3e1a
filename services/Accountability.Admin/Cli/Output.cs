using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Accountability.Admin.Cli;

/// <summary>
/// Shows what a command got back: any API message as a table labelled in the current language
/// (read from the message's descriptor, so every service's replies render alike), as proto JSON
/// with the proto field names for --json, or only its identifiers for --quiet.
/// </summary>
public sealed class Output(CliEnvironment env, GlobalSettings settings, IAnsiConsole console)
{
    private const string TimestampType = "google.protobuf.Timestamp";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true).WithIndentation());

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool Json => settings.Json;

    public bool Quiet => settings.Quiet && !settings.Json;

    public IAnsiConsole Console => console;

    public void Show(IMessage message)
    {
        if (Json)
        {
            env.Out.WriteLine(Formatter.Format(message));
        }
        else if (Quiet)
        {
            foreach (var id in Ids(message))
            {
                env.Out.WriteLine(id);
            }
        }
        else
        {
            console.Write(Render(message));
            if (ListField(message) is not null && message.Descriptor.FindFieldByName("next_page_token")?.Accessor.GetValue(message) is string { Length: > 0 } next)
            {
                console.WriteLine(Texts.T("More: add --page-token {0} (or --all)", next));
            }
        }
    }

    /// <summary>Several API messages of one type: a table, a JSON array, or their identifiers.</summary>
    public void ShowList(IEnumerable<IMessage> items, MessageDescriptor type)
    {
        var list = items.ToList();
        if (Json)
        {
            env.Out.WriteLine("[" + string.Join("," + Environment.NewLine, list.Select(m => Formatter.Format(m))) + "]");
        }
        else if (Quiet)
        {
            foreach (var id in list.Select(Id).OfType<string>())
            {
                env.Out.WriteLine(id);
            }
        }
        else
        {
            console.Write(RenderRows(list, type));
        }
    }

    /// <summary>A result that is not one API message (a worklist, a report, who is signed in).</summary>
    public void ShowJson(JsonNode node) => env.Out.WriteLine(node.ToJsonString(JsonOptions));

    /// <summary>A sentence for people: on the console normally, nowhere with --json or --quiet.</summary>
    public void Note(string text)
    {
        if (!Json && !Quiet)
        {
            console.Write(new Text(text + Environment.NewLine));
        }
    }

    public void Write(IRenderable renderable)
    {
        if (!Json && !Quiet)
        {
            console.Write(renderable);
        }
    }

    public static string ToJson(IMessage message) => Formatter.Format(message);

    /// <summary>Field 1 of the message, or of each item of a list reply, when it is an identifier.</summary>
    public static IEnumerable<string> Ids(IMessage message)
    {
        if (ListField(message) is { } list)
        {
            return ((IList)list.Accessor.GetValue(message)).Cast<IMessage>().Select(Id).OfType<string>();
        }

        return Id(message) is { } id ? [id] : [];
    }

    public static string? Id(IMessage message) =>
        message.Descriptor.FindFieldByNumber(1) is { FieldType: FieldType.String, IsRepeated: false } first && first.Accessor.GetValue(message) is string { Length: > 0 } value
            ? value
            : null;

    public static IRenderable Render(IMessage message) =>
        ListField(message) is { } list
            ? RenderRows((IList)list.Accessor.GetValue(message), list.MessageType)
            : RenderRecord(message);

    /// <summary>A reply that is a list: one repeated message field, besides the page token.</summary>
    public static FieldDescriptor? ListField(IMessage message)
    {
        var fields = message.Descriptor.Fields.InDeclarationOrder();
        var lists = fields.Where(f => f.IsRepeated && f.FieldType == FieldType.Message).ToList();
        return lists.Count == 1 && fields.All(f => f == lists[0] || f.Name == "next_page_token") ? lists[0] : null;
    }

    public static string Scalar(FieldDescriptor field, object? value) => value switch
    {
        null => "",
        _ when field.FieldType == FieldType.Enum => Texts.EnumLabel(field.EnumType, Convert.ToInt32(value, CultureInfo.InvariantCulture)),
        bool b => b ? Texts.T("yes") : Texts.T("no"),
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        float f => f.ToString("0.#", CultureInfo.InvariantCulture),
        Timestamp t => TimeArg.Format(t),
        IMessage m => Compact(m),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static Table RenderRecord(IMessage message)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (!IsDefault(field, value))
            {
                table.AddRow(new Text(Texts.Field(field.Name)), RenderValue(field, value));
            }
        }

        return table;
    }

    private static IRenderable RenderValue(FieldDescriptor field, object value)
    {
        if (field.IsRepeated)
        {
            var items = (IList)value;
            return field.FieldType == FieldType.Message && field.MessageType.FullName != TimestampType
                ? RenderRows(items, field.MessageType)
                : new Text(string.Join(", ", items.Cast<object>().Select(v => Scalar(field, v))));
        }

        return field.FieldType == FieldType.Message && field.MessageType.FullName != TimestampType
            ? RenderRecord((IMessage)value)
            : new Text(Scalar(field, value));
    }

    private static Table RenderRows(IList items, MessageDescriptor type)
    {
        var rows = items.Cast<IMessage>().ToList();
        var columns = type.Fields.InDeclarationOrder().Where(f => rows.Any(r => !IsDefault(f, f.Accessor.GetValue(r)))).ToList();
        var table = new Table().Border(TableBorder.Rounded);
        if (columns.Count == 0)
        {
            return table.AddColumn(Texts.T("(none)"));
        }

        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(Texts.Field(column.Name))));
        }

        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => (IRenderable)new Text(Cell(c, c.Accessor.GetValue(row)))).ToArray());
        }

        return table;
    }

    private static string Cell(FieldDescriptor field, object? value) =>
        field.IsRepeated ? string.Join(", ", ((IList)value!).Cast<object>().Select(v => Scalar(field, v))) : Scalar(field, value);

    /// <summary>A nested message in a table cell: its set fields as "label: value; ...".</summary>
    private static string Compact(IMessage message) =>
        string.Join("; ", message.Descriptor.Fields.InDeclarationOrder()
            .Select(f => (Field: f, Value: f.Accessor.GetValue(message)))
            .Where(x => !IsDefault(x.Field, x.Value))
            .Select(x => Texts.Field(x.Field.Name) + ": " + Cell(x.Field, x.Value)));

    private static bool IsDefault(FieldDescriptor field, object? value) => value switch
    {
        null => true,
        IList list => list.Count == 0,
        string s => s.Length == 0,
        bool b => !b,
        ByteString bytes => bytes.IsEmpty,
        IMessage => false,
        _ when field.FieldType == FieldType.Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) == 0,
    };
}
