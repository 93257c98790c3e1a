using Accountability.Fuzz;
using SharpFuzz;

// afl-fuzz starts this once per target (`dotnet Accountability.Fuzz.dll normaliser`); SharpFuzz's fork-server
// loop then feeds it one input after another. Out of process, so that a fail-fast or stack overflow in
// the target is still reported to afl as a crash instead of killing the fork server.
if (args.Length != 1 || !FuzzTargets.TryGet(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Accountability.Fuzz <{string.Join('|', FuzzTargets.Names)}>");
    return 2;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
