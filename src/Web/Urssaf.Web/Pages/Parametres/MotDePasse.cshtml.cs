using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

public sealed class MotDePasseModel : WebPage
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Required(nameof(CurrentPassword), CurrentPassword, "Saisissez votre mot de passe actuel.");
        Required(nameof(NewPassword), NewPassword, "Choisissez un nouveau mot de passe.");
        if (!ModelState.IsValid) return Page();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Password.PostAsync(
            new ChangePasswordRequest { CurrentPassword = CurrentPassword, NewPassword = NewPassword }, cancellationToken: ct));
        if (!result.Ok)
        {
            var field = result.Problem!.Code.StartsWith("identity.password.current", StringComparison.Ordinal) ? nameof(CurrentPassword) : nameof(NewPassword);
            ModelState.AddModelError(field, result.Problem.Code == "identity.password.current_invalid"
                ? "Le mot de passe actuel n'est pas le bon." : Urssaf.Web.Api.Messages.For(result.Problem));
            return Page();
        }

        Flash = "Votre mot de passe est changé.";
        return Redirect("/parametres");
    }
}
