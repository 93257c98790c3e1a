using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace Accountability.Admin.Cli;

/// <summary>
/// One invocation: the profile it runs under (address and token), the gRPC channel, call options
/// carrying the bearer token, and where its output goes.
/// </summary>
public sealed class Session : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private GrpcChannel? _channel;

    public Session(CliEnvironment env, GlobalSettings settings, IAnsiConsole console, IAnsiConsole errorConsole)
    {
        Env = env;
        Settings = settings;
        Store = new ProfileStore(env.ConfigDirectory);
        Config = Store.Load();
        ProfileName = NonEmpty(settings.Profile) ?? NonEmpty(env.Variable("ACCT_PROFILE")) ?? NonEmpty(Config.CurrentProfile) ?? ProfileStore.DefaultProfile;
        Profile = Config.Profiles.GetValueOrDefault(ProfileName) ?? new Profile();
        Address = NonEmpty(settings.Address) ?? NonEmpty(env.Variable("ACCT_ADDRESS")) ?? NonEmpty(Profile.Address) ?? ProfileStore.DefaultAddress;
        Token = NonEmpty(env.Variable("ACCT_TOKEN")) ?? NonEmpty(Profile.Token);
        Output = new Output(env, settings, console);
        ErrorConsole = errorConsole;
    }

    public CliEnvironment Env { get; }

    public GlobalSettings Settings { get; }

    public ProfileStore Store { get; }

    public ConfigFile Config { get; }

    public string ProfileName { get; }

    public Profile Profile { get; }

    public string Address { get; }

    public string? Token { get; }

    public Output Output { get; }

    /// <summary>Standard error: progress bars and notes that must not mix with the output.</summary>
    public IAnsiConsole ErrorConsole { get; }

    public TimeProvider Clock => Env.Clock;

    /// <summary>The token's subject ("sub"), when signed in.</summary>
    public string? Subject => Token is null ? null : DevTokens.Claims(Token)?["sub"]?.GetValue<string>();

    public Uri AddressUri =>
        Uri.TryCreate(Address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw CliException.Usage("--address", Texts.T("'{0}' is not an http:// or https:// address", Address));

    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(AddressUri, new GrpcChannelOptions
    {
        HttpHandler = Env.HttpHandler,
        DisposeHttpClient = Env.HttpHandler is null,
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });

    public T Client<T>()
        where T : ClientBase<T> => (T)Activator.CreateInstance(typeof(T), Channel)!;

    /// <summary>Call options with the profile's token; refuses at once, with how to sign in, when there is none or it expired.</summary>
    public CallOptions Call(CancellationToken ct)
    {
        if (Token is null)
        {
            throw new CliException(ExitCodes.Refused, Texts.T("Not signed in (profile '{0}', {1}).", ProfileName, Address), LoginHint(), "token");
        }

        if (DevTokens.Claims(Token)?["exp"]?.GetValue<long>() is { } exp && DateTimeOffset.FromUnixTimeSeconds(exp) < DateTimeOffset.UtcNow)
        {
            throw new CliException(ExitCodes.Refused, Texts.T("The token of profile '{0}' has expired.", ProfileName), LoginHint(), "token");
        }

        return new CallOptions(new Metadata { { "authorization", "Bearer " + Token } }, DateTime.UtcNow + CallTimeout, ct);
    }

    /// <summary>Options for the calls that need no token (the reporter's receipt-code window).</summary>
    public CallOptions Anonymous(CancellationToken ct) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: ct);

    public string LoginHint() =>
        Texts.T("Sign in: acct login --dev --role handler (against the all-in-one host on this machine), or acct login --token-stdin < token.txt (a token from your identity provider).")
        + (ProfileName == ProfileStore.DefaultProfile ? "" : " --profile " + ProfileName);

    public void SaveProfile(Action<Profile> change)
    {
        var profile = Config.Profiles.GetValueOrDefault(ProfileName) ?? new Profile();
        change(profile);
        Config.Profiles[ProfileName] = profile;
        Config.CurrentProfile ??= ProfileName;
        Store.Save(Config);
    }

    public void Dispose() => _channel?.Dispose();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
