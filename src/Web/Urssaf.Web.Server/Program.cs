using Urssaf.Web;

// The web account alone: every call goes to the service named by WebAccount:ApiBaseUrl (required here).
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrWhiteSpace(builder.Configuration[WebAccountOptions.Section + ":ApiBaseUrl"]))
    throw new InvalidOperationException("WebAccount:ApiBaseUrl must name the service, e.g. https://api.example.fr.");
builder.Services.AddUrssafWeb(builder.Configuration, builder.Environment);

var app = builder.Build();
app.UseUrssafWeb();
app.MapUrssafWeb();
await app.RunAsync();
