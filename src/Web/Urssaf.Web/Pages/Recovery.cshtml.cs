using Microsoft.AspNetCore.Mvc;

namespace Urssaf.Web.Pages;

/// <summary>The recovery e-mail's link (<c>/recovery?token=…</c>): opening it changes nothing; the button posts the token.</summary>
public sealed class RecoveryLinkModel : WebPage
{
    protected override bool RequiresLogin => false;

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public void OnGet() { }
}
