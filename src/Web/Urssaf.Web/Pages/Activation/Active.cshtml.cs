namespace Urssaf.Web.Pages;

public sealed class ActivationActiveModel : WebPage
{
    protected override bool RequiresLogin => false;

    public void OnGet() { }
}
