using Accountability.Contracts;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// How a person named in an event is keyed in the dossiers. A directory id is the key; a mention
/// without one that the directory cannot resolve by name and unit to exactly one cadre keeps the key
/// "name:&lt;name&gt;|&lt;unit&gt;" (normalised). Reading a cadre's dossier also reads the name keys
/// the cadre holds or held (<see cref="Cadre.NameKeys"/>) that no other cadre holds or held
/// (<see cref="CadreDirectory.ReadKeysAsync"/>): a mention made before the directory held the cadre
/// is resolved on read, never lost, and one of two namesakes in one unit is nobody's until told.
/// </summary>
public static class Mentions
{
    public const string NamePrefix = "name:";

    public static string NameKey(string name, string unit) => NamePrefix + Normalise(name) + "|" + Normalise(unit);

    public static bool IsUnmatched(string key) => key.StartsWith(NamePrefix, StringComparison.Ordinal);

    /// <summary>The name and unit of an unmatched key.</summary>
    public static (string Name, string Unit) Split(string key)
    {
        var body = key[NamePrefix.Length..];
        var bar = body.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (body, "") : (body[..bar], body[(bar + 1)..]);
    }

    /// <summary>The key of a person as the Talks service names one without a directory id ("name:{Name}|{Unit}", not normalised).</summary>
    public static string FromTalkParticipant(string participantId) =>
        IsUnmatched(participantId) ? NameKey(Split(participantId).Name, Split(participantId).Unit) : participantId;

    public static AccusedPersonInfo Info(Cadre cadre) =>
        new(cadre.Name, cadre.Unit, cadre.Post, cadre.Level.ToString().ToLowerInvariant(), cadre.Id);

    private static string Normalise(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
}
