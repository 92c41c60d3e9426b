using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Changing the e-mail address or the mobile number as the Identity API defines it: the new value (login of less than 15
/// minutes), then the 6-digit code sent to the new channel; the old channel then gets a notice with a "this was not me"
/// link (the <c>ContactChanges/Cancel</c> page).
/// </summary>
public sealed class CoordonneesModel : WebPage
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Code { get; set; }

    /// <summary>The change waiting for its code (from the first step).</summary>
    [BindProperty(SupportsGet = true, Name = "changement")] public Guid? Changement { get; set; }

    /// <summary>What is being changed (<c>email</c> or <c>phone</c>), to word the code step.</summary>
    [BindProperty(SupportsGet = true, Name = "nature")] public string? Nature { get; set; }

    public void OnGet() { }

    public Task<IActionResult> OnPostEmailAsync()
    {
        Required(nameof(Email), Email, "Saisissez votre nouvelle adresse électronique.");
        return StartAsync(new ContactChangeRequest { Kind = ContactKind.Email, Email = Email?.Trim() }, nameof(Email), "email");
    }

    public Task<IActionResult> OnPostPhoneAsync()
    {
        Required(nameof(Phone), Phone, "Saisissez votre nouveau numéro de mobile.");
        return StartAsync(new ContactChangeRequest { Kind = ContactKind.Phone, Phone = Phone?.Trim() }, nameof(Phone), "phone");
    }

    private async Task<IActionResult> StartAsync(ContactChangeRequest request, string field, string nature)
    {
        Changement = null;
        if (!ModelState.IsValid) return Page();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.ContactChanges.PostAsync(request, cancellationToken: ct));
        if (!result.Ok || result.Value?.ChangeId is not { } id)
        {
            var problem = result.Problem ?? new Urssaf.Web.Api.ApiProblem(503, "web.api_unreachable", null, null, null);
            if (problem.Code == "identity.reauthentication_required") ModelState.AddModelError("", Urssaf.Web.Api.Messages.For(problem));
            else AddProblem(problem, field);
            return Page();
        }

        Flash = $"Un code à 6 chiffres vient d'être envoyé à {result.Value.SentTo}. Saisissez-le ci-dessous pour confirmer le changement.";
        return Redirect($"/parametres/coordonnees?changement={id}&nature={nature}");
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        var code = Code?.Replace(" ", "", StringComparison.Ordinal);
        if (Changement is not { } id) return Redirect("/parametres/coordonnees");
        if (string.IsNullOrEmpty(code) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(Code), "Le code reçu comporte 6 chiffres.");
            return Page();
        }

        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.ContactChanges[id].Confirmation.PostAsync(new ContactChangeCodeRequest { Code = code }, cancellationToken: ct));
        if (!result.Ok)
        {
            ModelState.AddModelError(nameof(Code), Urssaf.Web.Api.Messages.For(result.Problem!));
            return Page();
        }

        Flash = (result.Value?.Kind == ContactKind.Phone ? "Votre numéro de mobile est modifié." : "Votre adresse électronique est modifiée.") +
                " Un avis est envoyé à l'ancienne coordonnée, avec un lien pour annuler ce changement pendant 30 jours si ce n'était pas vous.";
        return Redirect("/parametres");
    }
}
