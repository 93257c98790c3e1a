using System.Collections;
using System.Diagnostics;
using Google.Protobuf;

namespace Accountability.Admin.Cli;

/// <summary>Paging through list replies, and waiting for what another service does after an event.</summary>
public static class Lists
{
    /// <summary>One page, or with <paramref name="all"/> every page gathered into the first reply.</summary>
    public static async Task<TResponse> FetchAsync<TResponse>(PageSettings settings, Func<string, Task<TResponse>> fetch)
        where TResponse : IMessage
    {
        if (settings.PageSize is < 0 or > 100)
        {
            throw CliException.Usage("--page-size", Texts.T("must be between 1 and 100"));
        }

        var first = await WaitAsync(settings.Wait, () => fetch(settings.PageToken ?? ""), r => Items(r).Count > 0, settings.Wait > 0);
        if (!settings.All)
        {
            return first;
        }

        var tokenField = first.Descriptor.FindFieldByName("next_page_token");
        var items = Items(first);
        var next = (string)tokenField.Accessor.GetValue(first);
        while (next.Length > 0)
        {
            var page = await fetch(next);
            foreach (var item in Items(page))
            {
                items.Add(item);
            }

            next = (string)tokenField.Accessor.GetValue(page);
        }

        tokenField.Accessor.SetValue(first, "");
        return first;
    }

    /// <summary>
    /// Asks again every 200 ms (real time) until <paramref name="done"/> holds, up to <paramref name="seconds"/>;
    /// with <paramref name="required"/>, not getting there is NOT_FOUND (exit 3).
    /// </summary>
    public static async Task<T> WaitAsync<T>(int seconds, Func<Task<T>> probe, Func<T, bool> done, bool required = true)
    {
        if (seconds is < 0 or > 600)
        {
            throw CliException.Usage("--wait", Texts.T("must be between 0 and 600 seconds"));
        }

        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value) || watch.Elapsed.TotalSeconds >= seconds)
            {
                return done(value) || !required ? value : throw new CliException(ExitCodes.NotFound, Texts.T("Not there after waiting {0} s.", seconds));
            }

            await Task.Delay(200);
        }
    }

    private static IList Items(IMessage reply) => (IList)Output.ListField(reply)!.Accessor.GetValue(reply);
}
