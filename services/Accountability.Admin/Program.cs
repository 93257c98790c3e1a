using Accountability.Admin;
using Accountability.Admin.Cli;

// acct: the case handlers' client. Everything lives in AcctApp so tests run the same command tree in-process.
return await AcctApp.RunAsync(args, CliEnvironment.FromProcess());
