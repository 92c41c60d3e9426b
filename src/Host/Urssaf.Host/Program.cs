using Urssaf.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddUrssaf();

var app = builder.Build();
if (await HostCommands.TryRunAsync(app, args)) return;

await app.PrepareDatabasesAsync();
app.UseUrssaf();
await app.RunAsync();
