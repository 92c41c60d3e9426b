using Microsoft.AspNetCore.Mvc;

namespace Urssaf.Web.Pages;

public sealed class IndexModel : WebPage
{
    protected override bool RequiresLogin => false;

    public async Task<IActionResult> OnGetAsync() =>
        await Api.SessionAsync() is null ? Page() : Redirect("/tableau-de-bord");
}
