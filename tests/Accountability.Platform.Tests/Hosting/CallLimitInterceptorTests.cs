using Accountability.Platform.Errors;
using Accountability.Platform.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Accountability.Platform.Tests.Hosting;

public sealed class CallLimitInterceptorTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_beyond_the_limit_is_refused_at_once_and_the_next_one_after_a_call_ends_goes_through()
    {
        var limiter = Limiter(2);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = limiter.UnaryServerHandler("a", new CallContext("/accountability.petitions.v1.Petitions/SubmitPetition"), (_, _) => release.Task);
        var second = limiter.UnaryServerHandler("b", new CallContext("/accountability.petitions.v1.Petitions/SubmitPetition"), (_, _) => release.Task);
        Assert.Equal(2, limiter.InFlight);

        var refused = await Assert.ThrowsAsync<RateLimitedException>(() =>
            limiter.UnaryServerHandler("c", new CallContext("/accountability.petitions.v1.Petitions/SubmitPetition"), (_, _) => Task.FromResult("handled")));
        Assert.Contains("at capacity", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(2, limiter.InFlight);

        release.SetResult("done");
        Assert.Equal("done", await first.WaitAsync(Ct));
        Assert.Equal("done", await second.WaitAsync(Ct));
        Assert.Equal(0, limiter.InFlight);
        Assert.Equal("handled", await limiter.UnaryServerHandler("d", new CallContext("/x.Y/Z"), (_, _) => Task.FromResult("handled")));
    }

    [Fact]
    public async Task A_failing_call_gives_its_place_back()
    {
        var limiter = Limiter(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            limiter.UnaryServerHandler<string, string>("a", new CallContext("/x.Y/Z"), (_, _) => throw new InvalidOperationException("boom")));
        Assert.Equal(0, limiter.InFlight);
        Assert.Equal("ok", await limiter.UnaryServerHandler("b", new CallContext("/x.Y/Z"), (_, _) => Task.FromResult("ok")));
    }

    [Fact]
    public async Task Health_checks_are_answered_when_the_limit_is_reached()
    {
        var limiter = Limiter(1);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = limiter.UnaryServerHandler("a", new CallContext("/x.Y/Z"), (_, _) => release.Task);

        Assert.Equal("SERVING", await limiter.UnaryServerHandler("h", new CallContext("/grpc.health.v1.Health/Check"), (_, _) => Task.FromResult("SERVING")));
        await Assert.ThrowsAsync<RateLimitedException>(() => limiter.UnaryServerHandler("b", new CallContext("/x.Y/Z"), (_, _) => Task.FromResult("no")));

        release.SetResult("done");
        await busy.WaitAsync(Ct);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void A_limit_below_one_is_a_configuration_error(string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new CallLimitInterceptor(Configuration(value)));
        Assert.Contains("Grpc:MaxConcurrentCalls", ex.Message, StringComparison.Ordinal);
    }

    private static CallLimitInterceptor Limiter(int limit) => new(Configuration(limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static IConfiguration Configuration(string limit) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Grpc:MaxConcurrentCalls"] = limit }).Build();

    /// <summary>Only the method name matters to the limiter.</summary>
    private sealed class CallContext(string method) : ServerCallContext
    {
        protected override string MethodCore => method;

        protected override string HostCore => "127.0.0.1";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
