using System.Globalization;
using Accountability.Protos.Common.V1;

namespace Accountability.Admin.Cli;

/// <summary>Compact values on the command line: a person "name,unit,post,level[,cadre_id]", an attachment "name,sha256,size,uri[,media type]".</summary>
public static class Specs
{
    public static (string Name, string Unit, string Post, Level Level, string CadreId) Person(string spec, string option)
    {
        var parts = spec.Split([',', '，']).Select(p => p.Trim()).ToArray();
        if (parts.Length is < 4 or > 5)
        {
            throw CliException.Usage(option, Texts.T("'{0}' is not name,unit,post,level[,cadre_id]", spec));
        }

        return (parts[0], parts[1], parts[2], EnumArg.Parse<Level>(parts[3], option), parts.Length == 5 ? parts[4] : "");
    }

    public static AttachmentRef Attachment(string spec, string option)
    {
        var parts = spec.Split(',').Select(p => p.Trim()).ToArray();
        if (parts.Length is < 4 or > 5 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw CliException.Usage(option, Texts.T("'{0}' is not name,sha256,size,uri[,media type]", spec));
        }

        return new AttachmentRef { Name = parts[0], Sha256 = parts[1], SizeBytes = size, Uri = parts[3], MediaType = parts.Length == 5 ? parts[4] : "" };
    }
}
