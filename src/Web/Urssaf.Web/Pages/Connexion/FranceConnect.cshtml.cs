using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Where FranceConnect's round trip ends (API.md): the API's callback sends the browser here with a one-time
/// <c>loginCode</c>, exchanged server-side for the session (POST /identity/franceconnect/sessions), or with an <c>error</c>.
/// </summary>
public sealed class FranceConnectModel : WebPage
{
    protected override bool RequiresLogin => false;

    public string Message { get; private set; } = "";

    private const string StartedCookie = "urssaf_web_fc";
    private const string CookiePath = "/connexion/franceconnect";

    /// <summary>Marks this browser as the one that started a FranceConnect login (10 minutes, the API's transaction lifetime).</summary>
    internal static void StartInThisBrowser(HttpContext http)
    {
        http.Response.Cookies.Append(StartedCookie, "1", new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = CookiePath, MaxAge = TimeSpan.FromMinutes(10), IsEssential = true,
        });
        http.Response.Cookies.Delete(LinkCookie, LinkCookieOptions(http)); // an identity left waiting by an earlier attempt is dropped
    }

    /// <summary>The one-time code to link an unmatched FranceConnect identity: an HttpOnly cookie for the settings page only (10 minutes).</summary>
    internal const string LinkCookie = "urssaf_web_fc_link";
    internal const string LinkCookiePath = "/parametres";

    internal static CookieOptions LinkCookieOptions(HttpContext http) => new()
    {
        HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = LinkCookiePath, MaxAge = TimeSpan.FromMinutes(10), IsEssential = true,
    };

    /// <summary>True when FranceConnect knew the person but no account matched: she may log in and link it (settings).</summary>
    public bool CanLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? loginCode, string? error, string? linkCode)
    {
        if (error == "identity.franceconnect.unmatched" && linkCode is { Length: > 0 and <= 200 } && Request.Cookies.ContainsKey(StartedCookie))
        {
            // only the browser that pressed the button keeps the code (as for a login code); it is never shown or put in a link
            Response.Cookies.Delete(StartedCookie, new CookieOptions { Path = CookiePath });
            Response.Cookies.Append(LinkCookie, linkCode, LinkCookieOptions(HttpContext));
            CanLink = true;
            Message = "Aucun compte n'est encore relié à cette identité FranceConnect. Si vous avez déjà un compte, connectez-vous avec votre mot de passe : vous pourrez alors le relier à FranceConnect dans vos paramètres.";
            return Page();
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(loginCode))
        {
            Message = error switch
            {
                "access_denied" => "Vous avez annulé la connexion avec FranceConnect.",
                "account_not_found" or "identity_mismatch" => "Aucun compte ne correspond à l'identité transmise par FranceConnect. Connectez-vous avec votre mot de passe ou créez votre compte.",
                _ => "La connexion avec FranceConnect n'a pas abouti. Réessayez, ou connectez-vous avec votre mot de passe.",
            };
            return Page();
        }

        // only the browser that pressed the button may use the code: one sent to this page from elsewhere is not exchanged
        var started = Request.Cookies.ContainsKey(StartedCookie);
        Response.Cookies.Delete(StartedCookie, new CookieOptions { Path = CookiePath });
        if (!started)
        {
            Message = "Cette connexion FranceConnect n'a pas été commencée dans ce navigateur. Recommencez la connexion depuis la page de connexion.";
            return Page();
        }

        var result = await Api.AnonymousAsync((_, ct) => Urssaf.Web.Api.FranceConnectSession.OpenAsync(Api.Adapter, loginCode, ct));
        if (!result.Ok)
        {
            Message = "Ce lien de connexion FranceConnect n'est plus valable. Recommencez la connexion.";
            return Page();
        }

        await Api.LogInAsync(result.Value!, rememberMe: false, franceConnect: true);
        return Redirect("/tableau-de-bord");
    }
}
