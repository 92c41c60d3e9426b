using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Urssaf.Web.Pages;

/// <summary>
/// Logging out ends the API session (every token bound to it) and forgets the web session. A session opened with
/// FranceConnect also ends at the provider: the browser goes to its end-session address (<c>id_token_hint</c>, <c>state</c>)
/// and comes back here, where the <c>state</c> is checked against this browser's cookie (SECURITY.md, FranceConnect logout).
/// </summary>
public sealed class DeconnexionModel(ILogger<DeconnexionModel> logger) : WebPage
{
    internal const string StateCookie = "urssaf_web_fc_logout";

    protected override bool RequiresLogin => false;

    /// <summary>FranceConnect's end-session address for this browser to follow (a page, not a redirect: CSP form-action 'self').</summary>
    public string? EndSessionUrl { get; private set; }

    /// <summary>Back from FranceConnect: true when the state matched this browser's, false when it did not, null otherwise.</summary>
    public bool? FranceConnectEnded { get; private set; }

    public IActionResult OnGet(string? state)
    {
        if (!Request.Cookies.TryGetValue(StateCookie, out var expected)) return Page();
        Response.Cookies.Delete(StateCookie, StateCookieOptions(HttpContext));
        FranceConnectEnded = state is { Length: > 0 } && expected is { Length: > 0 }
                             && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(expected));
        if (FranceConnectEnded == false) logger.LogWarning("FranceConnect's end-session came back with a state this browser was not given.");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Api.SessionAsync() is { } session)
        {
            try
            {
                if (session.FranceConnect)
                {
                    var logout = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Franceconnect.Logout.PostAsync(cancellationToken: ct));
                    if (logout.Ok) EndSessionUrl = logout.Value?.EndSessionUrl;
                    else await Api.CallAsync((c, ct) => c.Api.V1.Identity.Sessions.Current.DeleteAsync(cancellationToken: ct));
                }
                else
                {
                    await Api.CallAsync((c, ct) => c.Api.V1.Identity.Sessions.Current.DeleteAsync(cancellationToken: ct));
                }
            }
            catch (Urssaf.Web.Api.SignedOutException)
            {
                // already ended on the API side
            }

            await Api.ForgetAsync();
        }

        // a FranceConnect identity waiting to be linked is never offered to the next person on this browser
        Response.Cookies.Delete(FranceConnectModel.LinkCookie, FranceConnectModel.LinkCookieOptions(HttpContext));
        if (EndSessionUrl is not null && Uri.TryCreate(EndSessionUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            && QueryHelpers.ParseQuery(uri.Query).TryGetValue("state", out var state) && state.ToString() is { Length: > 0 } value)
            Response.Cookies.Append(StateCookie, value, StateCookieOptions(HttpContext));
        else
            EndSessionUrl = null;

        ViewData["LoggedIn"] = false;
        return Page();
    }

    private static CookieOptions StateCookieOptions(HttpContext http) => new()
    {
        HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = "/deconnexion", MaxAge = TimeSpan.FromMinutes(10), IsEssential = true,
    };
}
