using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace Accountability.Platform.Storage;

/// <summary>
/// The one set of BSON class maps and conventions that both adapters serialize through, so a
/// document means the same in SQLite and in MongoDB. Modules add their class maps through
/// <see cref="Register{T}"/>.
/// </summary>
public static class BsonMapping
{
    private static readonly Lock Gate = new();
    private static bool _conventionsRegistered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_conventionsRegistered)
            {
                return;
            }

            var pack = new ConventionPack
            {
                new CamelCaseElementNameConvention(),
                new IgnoreExtraElementsConvention(true),
                new EnumRepresentationConvention(BsonType.String),
                new IgnoreIfNullConvention(true),
            };
            ConventionRegistry.Register("accountability", pack, t => t.Namespace?.StartsWith("Accountability", StringComparison.Ordinal) == true);

            // Instants are stored as BSON dates (UTC, millisecond precision) so both engines
            // index and compare them as numbers.
            BsonSerializer.TryRegisterSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
            _conventionsRegistered = true;
        }

        Register<OutboxMessage>();
        Register<InboxEntry>();
        Register<Counter>();
        Register<AuditRecord>();
        Register<AuditHead>(cm => cm.MapIdMember(h => h.Id));
    }

    /// <summary>Registers an auto-mapped class map for a stored type, once.</summary>
    public static void Register<T>(Action<BsonClassMap<T>>? customize = null)
    {
        lock (Gate)
        {
            if (BsonClassMap.IsClassMapRegistered(typeof(T)))
            {
                return;
            }

            BsonClassMap.RegisterClassMap<T>(cm =>
            {
                cm.AutoMap();
                cm.SetIgnoreExtraElements(true);
                customize?.Invoke(cm);
            });
        }
    }
}
