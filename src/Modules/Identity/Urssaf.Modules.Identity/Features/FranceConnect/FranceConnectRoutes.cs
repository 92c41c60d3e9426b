using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

/// <summary>The FranceConnect paths and the cookie that binds a login to the browser that started it.</summary>
internal static class FranceConnectRoutes
{
    public const string BindingCookie = "urssaf_fc";
    public const string Path = $"{IdentityRoutes.Root}/franceconnect";

    /// <summary>The callback FranceConnect returns to: the configured one, else this host's.</summary>
    public static string CallbackUri(HttpContext http) =>
        http.RequestServices.GetRequiredService<FranceConnectSettings>().Options.CallbackUri is { Length: > 0 } configured
            ? configured
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Path}/callback";
}
