using Microsoft.AspNetCore.Mvc;

namespace Urssaf.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErreurModel : WebPage
{
    protected override bool RequiresLogin => false;

    [FromRoute] public int? Code { get; set; }

    public void OnGet() { }

    public void OnPost() { }
}
