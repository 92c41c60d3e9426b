using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Kiota.Abstractions;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Delegations to third parties (ADR 0060/0061): the accountants and software registered, the accesses given with their
/// state, giving one with chosen scopes (login of less than 15 minutes), taking one back at once, and what a third
/// party did under it.
/// </summary>
public sealed class DelegationsModel : WebPage
{
    /// <summary>The six scopes of API.md, as a person reads them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ScopeNames = new Dictionary<string, string>
    {
        ["declarations.read"] = "Consulter vos déclarations",
        ["declarations.write"] = "Déposer et corriger vos déclarations",
        ["payments.read"] = "Consulter votre solde et vos paiements",
        ["payments.write"] = "Payer vos cotisations",
        ["documents.read"] = "Consulter et télécharger vos documents",
        ["attestations.issue"] = "Demander vos attestations",
    };

    [BindProperty] public string? Siren { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];
    [BindProperty] public string? ExpiresOn { get; set; }

    /// <summary>The delegation whose activity is shown.</summary>
    [BindProperty(SupportsGet = true, Name = "activite")] public Guid? Activite { get; set; }

    public IReadOnlyList<DelegationResponse> Delegations { get; private set; } = [];
    public IReadOnlyList<ThirdPartyListing> ThirdParties { get; private set; } = [];
    public IReadOnlyList<ActivityResponse> Activity { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Activite is { } id)
        {
            var activity = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations[id].Activity.GetAsync(r => r.QueryParameters.PageSize = 50, ct));
            if (activity.Ok) Activity = activity.Value ?? [];
            else AddProblem(activity.Problem!);
        }
    }

    public async Task<IActionResult> OnPostGrantAsync()
    {
        Required(nameof(Siren), Siren, "Choisissez le cabinet ou le logiciel.");
        Scopes = [.. Scopes.Where(ScopeNames.ContainsKey).Distinct()];
        if (Scopes.Count == 0) ModelState.AddModelError(nameof(Scopes), "Cochez au moins une autorisation.");
        Date? expires = null;
        if (!string.IsNullOrWhiteSpace(ExpiresOn))
        {
            if (DateOnly.TryParseExact(ExpiresOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                || DateOnly.TryParseExact(ExpiresOn.Trim(), "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
                expires = new Date(d.Year, d.Month, d.Day);
            else ModelState.AddModelError(nameof(ExpiresOn), "Saisissez une date comme 31/12/2026, ou laissez vide.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations.PostAsync(new GrantDelegationRequest
        {
            Siren = Siren!.Trim(), Scopes = Scopes, ExpiresOn = expires,
        }, cancellationToken: ct));
        if (!result.Ok)
        {
            var problem = result.Problem!;
            var field = problem.Code switch
            {
                "identity.delegation.scope_not_allowed" or "identity.scope.unknown" => nameof(Scopes),
                "identity.delegation.expires_in_past" => nameof(ExpiresOn),
                "identity.delegation.third_party_unknown" or "identity.siren.invalid" => nameof(Siren),
                _ => "",
            };
            ModelState.AddModelError(field, Urssaf.Web.Api.Messages.For(problem));
            await LoadAsync();
            return Page();
        }

        Flash = $"{result.Value!.ThirdPartyName} a désormais accès à votre compte : {string.Join(", ", (result.Value.Scopes ?? []).Select(ScopeName))}.";
        return Redirect("/parametres/delegations");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid delegationId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations[delegationId].DeleteAsync(cancellationToken: ct));
        Flash = result.Ok ? "L'accès est retiré : le tiers ne peut plus agir pour vous, dès sa prochaine demande." : Urssaf.Web.Api.Messages.For(result.Problem!);
        return Redirect("/parametres/delegations");
    }

    private async Task LoadAsync()
    {
        Delegations = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations.GetAsync(cancellationToken: ct))).Value ?? [];
        ThirdParties = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.ThirdParties.GetAsync(cancellationToken: ct))).Value ?? [];
    }

    public static string ScopeName(string scope) => ScopeNames.GetValueOrDefault(scope, scope);

    public static string Status(string? status) => status switch
    {
        "active" => "Actif",
        "expired" => "Expiré",
        "revoked" => "Retiré",
        _ => status ?? "",
    };
}
