using Microsoft.AspNetCore.Routing;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Journal;

namespace Urssaf.Api;

/// <summary>
/// Every call an authenticated operator makes is written to Identity's journal (who, role, method, route, status), whatever
/// module maps the route: new operator routes are covered without a line of their own (ADR 0113).
/// </summary>
internal static class OperatorActionJournal
{
    public static void UseOperatorActionJournal(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<JournalSigner>(); // at start: Production refuses to run without Journal:SigningKey
        var journal = app.Services.GetServices<IModuleJournal>().SingleOrDefault(j => j.Module == "identity");
        if (journal is null) return;
        app.Use(async (context, next) =>
        {
            await next(context);
            if (!context.User.HasClaim(UrssafClaims.Operator, "true")) return;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value;
            await journal.AppendAsync("operator.action", context.User.OperatorActor(), null, new
            {
                role = context.User.OperatorRole(),
                method = context.Request.Method,
                route,
                path = context.Request.Path.Value,
                status = context.Response.StatusCode,
            }, CancellationToken.None);
        });
    }
}
