using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Closing the online account (GDPR art. 17): the warnings and what is kept, then the password and an explicit
/// confirmation (the API's step-up); afterwards the API's own list of what was erased and what is kept, until when and why.
/// </summary>
public sealed class ClotureModel : WebPage
{
    /// <summary>The API's names of the data erased or kept, in French (an unknown name is shown as the API gives it).</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["e-mail address"] = "votre adresse électronique",
        ["mobile phone"] = "votre numéro de mobile",
        ["secret question"] = "votre question secrète",
        ["names and NIR in the account"] = "vos noms et votre numéro de sécurité sociale dans le compte",
        ["sessions"] = "vos sessions ouvertes",
        ["delegations (revoked)"] = "vos délégations (révoquées)",
        ["passkeys"] = "vos clés d'accès",
        ["FranceConnect link"] = "le lien avec FranceConnect",
        ["contact and notification preferences"] = "vos préférences de contact et de notification",
        ["queued messages and the bodies of sent ones"] = "les messages en attente et le texte de ceux envoyés",
        ["data exports"] = "vos copies de données",
        ["dashboard layout"] = "la disposition de votre tableau de bord",
        ["declarations and contributions"] = "vos déclarations et vos cotisations",
        ["payments, debits and mandates' references"] = "vos paiements, prélèvements et les références de vos mandats",
        ["attestations and receipts issued"] = "les attestations et accusés de réception délivrés",
        ["secure messages with advisers and their files"] = "vos échanges avec les conseillers et leurs pièces jointes",
        ["security and money journal"] = "le journal de sécurité et des opérations financières",
    };

    public static string French(string? name) => name is not null && Names.TryGetValue(name, out var text) ? text : name ?? "";

    [BindProperty] public string? MotDePasse { get; set; }
    [BindProperty] public bool Confirmation { get; set; }

    public ClosureResponse? Closed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Required(nameof(MotDePasse), MotDePasse, "Saisissez votre mot de passe.");
        if (!Confirmation) ModelState.AddModelError(nameof(Confirmation), "Cochez la case pour confirmer la clôture.");
        if (!ModelState.IsValid) return Page();

        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Closure.PostAsync(new CloseAccountRequest { Password = MotDePasse, Confirm = true }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, nameof(MotDePasse), nameof(Confirmation));
            return Page();
        }

        // every session of the account ended with it: the web session goes too
        Closed = result.Value;
        await Api.ForgetAsync();
        ViewData["LoggedIn"] = false;
        return Page();
    }
}
