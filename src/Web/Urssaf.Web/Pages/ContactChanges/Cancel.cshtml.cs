using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>The "this was not me" link of a contact change notice (<c>/contact-changes/cancel?token=…</c>).</summary>
public sealed class ContactChangeCancelModel : WebPage
{
    protected override bool RequiresLogin => false;

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.ContactChanges.Cancellations.PostAsync(
            new ContactChangeCancellationRequest { Token = Token ?? "" }, cancellationToken: ct));
        if (!result.Ok)
        {
            ModelState.AddModelError("", result.Problem!.Code == "identity.contact_change.link_invalid"
                ? "Ce lien n'est plus valable (il sert une fois, pendant 30 jours)." : Urssaf.Web.Api.Messages.For(result.Problem));
            return Page();
        }

        Done = true;
        return Page();
    }
}
