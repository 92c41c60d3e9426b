using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

public sealed class InscriptionModel : WebPage
{
    protected override bool RequiresLogin => false;

    [BindProperty] public string? Siret { get; set; }
    [BindProperty] public string? Nir { get; set; }
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? SecretQuestion { get; set; }
    [BindProperty] public string? SecretAnswer { get; set; }
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Siret = Digits(Siret);
        Nir = Digits(Nir);
        Required(nameof(Siret), Siret, "Saisissez votre SIRET (14 chiffres).");
        if (Siret is { Length: > 0 } && Siret.Length != 14) ModelState.AddModelError(nameof(Siret), "Le SIRET comporte 14 chiffres.");
        Required(nameof(Nir), Nir, "Saisissez votre numéro de sécurité sociale (15 chiffres).");
        if (Nir is { Length: > 0 } && Nir.Length != 15) ModelState.AddModelError(nameof(Nir), "Le numéro de sécurité sociale comporte 15 chiffres.");
        Required(nameof(FirstName), FirstName, "Saisissez votre prénom.");
        Required(nameof(LastName), LastName, "Saisissez votre nom.");
        Required(nameof(Email), Email, "Saisissez votre adresse électronique.");
        Required(nameof(Phone), Phone, "Saisissez votre numéro de mobile.");
        Required(nameof(Password), Password, "Choisissez un mot de passe.");
        Required(nameof(SecretQuestion), SecretQuestion, "Saisissez une question secrète.");
        Required(nameof(SecretAnswer), SecretAnswer, "Saisissez la réponse à votre question secrète.");
        if (!ModelState.IsValid) return Page();

        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.Registrations.PostAsync(new RegisterRequest
        {
            Siret = Siret, Nir = Nir, FirstName = FirstName!.Trim(), LastName = LastName!.Trim(), Email = Email!.Trim(),
            Phone = Phone!.Replace(" ", "", StringComparison.Ordinal), Password = Password, SecretQuestion = SecretQuestion!.Trim(), SecretAnswer = SecretAnswer,
        }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, nameof(Siret), nameof(Nir), nameof(FirstName), nameof(LastName), nameof(Email), nameof(Phone),
                nameof(Password), nameof(SecretQuestion), nameof(SecretAnswer));
            return Page();
        }

        Sent = true;
        return Page();
    }

    private static string? Digits(string? value) => value is null ? null : new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
