namespace Accountability.Platform.Storage;

/// <summary>
/// An index, declared once per collection and created by every adapter. A multikey index
/// covers one field that holds an array of scalars (each element is indexed).
/// </summary>
public sealed record IndexDefinition(string Name, IReadOnlyList<string> Fields, bool Unique = false, bool Multikey = false)
{
    public static IndexDefinition On(string name, params string[] fields) => new(name, fields);

    public static IndexDefinition UniqueOn(string name, string field) => new(name, [field], Unique: true);

    public static IndexDefinition MultikeyOn(string name, string arrayField) => new(name, [arrayField], Multikey: true);
}
