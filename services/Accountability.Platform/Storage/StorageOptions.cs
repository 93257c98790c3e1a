namespace Accountability.Platform.Storage;

public enum StorageProvider
{
    Sqlite,
    Mongo,
}

/// <summary>Configuration section "Storage": which engine holds every service's documents.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite: the folder holding one database file per service.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>MongoDB: the connection string (a replica set, for transactions).</summary>
    public string? MongoConnectionString { get; set; }

    /// <summary>MongoDB: each service's database is named prefix + service name.</summary>
    public string MongoDatabasePrefix { get; set; } = "accountability_";
}
