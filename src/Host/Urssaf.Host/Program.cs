using Urssaf.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddUrssaf();

var app = builder.Build();
if (await HostVerbs.TryRunAsync(app, args)) return;

app.UseUrssaf();
await app.RunAsync();
