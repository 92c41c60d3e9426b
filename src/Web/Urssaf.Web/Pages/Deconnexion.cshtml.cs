using Microsoft.AspNetCore.Mvc;

namespace Urssaf.Web.Pages;

/// <summary>Logging out ends the API session (every token bound to it) and forgets the web session.</summary>
public sealed class DeconnexionModel : WebPage
{
    protected override bool RequiresLogin => false;

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Api.SessionAsync() is not null)
        {
            try
            {
                await Api.CallAsync((c, ct) => c.Api.V1.Identity.Sessions.Current.DeleteAsync(cancellationToken: ct));
            }
            catch (Urssaf.Web.Api.SignedOutException)
            {
                // already ended on the API side
            }

            await Api.ForgetAsync();
        }

        // a FranceConnect identity waiting to be linked is never offered to the next person on this browser
        Response.Cookies.Delete(FranceConnectModel.LinkCookie, FranceConnectModel.LinkCookieOptions(HttpContext));
        ViewData["LoggedIn"] = false;
        return Page();
    }
}
