using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// The page the activation e-mail links to (<c>/activation?token=…</c>). Opening it changes nothing (mail scanners
/// open links); the person confirms with the button, a POST carrying the token.
/// </summary>
public sealed class ActivationModel : WebPage
{
    protected override bool RequiresLogin => false;

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Token)) return Page();
        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.Activations.Email.PostAsync(new ActivateEmailRequest { Token = Token }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!);
            return Page();
        }

        if (result.Value!.Status == "active") return RedirectToPage("/Activation/Active");
        return Redirect("/activation/sms?inscription=" + result.Value.AccountId);
    }
}
