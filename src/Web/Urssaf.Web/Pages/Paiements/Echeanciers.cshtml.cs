using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>
/// Payment plans (CSS R243-21): the plans asked for, and a request in two steps: the schedule and the likely decision
/// are shown (POST /payments/plans/preview, nothing stored), then confirmed with the idempotency key of the form.
/// </summary>
public sealed class EcheanciersModel : WebPage
{
    public IReadOnlyList<PlanResponse> Plans { get; private set; } = [];
    public IReadOnlyList<BalanceItem> Due { get; private set; } = [];
    public IReadOnlyList<MandateResponse> Mandates { get; private set; } = [];
    public PlanPreview? Preview { get; private set; }

    [BindProperty] public string? Etendue { get; set; } = "tout";
    [BindProperty] public List<string> Periodes { get; set; } = [];
    [BindProperty] public string? Mensualites { get; set; } = "3";
    [BindProperty] public Guid? Mandat { get; set; }
    [BindProperty] public string? Motif { get; set; }
    /// <summary>The idempotency key of the confirmation form (a new one when none was posted).</summary>
    [BindProperty] public string? Cle { get; set; }

    public string Key => Cle is { Length: > 0 and <= 64 } ? Cle : (Cle = Guid.NewGuid().ToString("N"));

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostApercuAsync()
    {
        if (Validate() is { } body)
        {
            var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Plans.Preview.PostAsync(body, cancellationToken: ct));
            if (result.Ok) Preview = result.Value;
            else AddProblem(result.Problem!, Fields);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDemanderAsync()
    {
        if (Validate() is { } body)
        {
            var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Plans.PostAsync(body, r => r.Headers.Add("Idempotency-Key", "web-plan-" + Key), ct));
            if (result.Ok)
            {
                Flash = result.Value!.Status switch
                {
                    "approved" => "Votre échéancier est accordé : les mensualités seront prélevées aux dates indiquées.",
                    "under_review" => "Votre demande d'échéancier est transmise : un conseiller l'étudie et vous répondra.",
                    _ => "Votre demande d'échéancier n'a pas pu être accordée : les raisons sont indiquées ci-dessous.",
                };
                return Redirect($"/paiements/echeanciers/{result.Value.PlanId}");
            }

            AddProblem(result.Problem!, Fields);
        }

        await LoadAsync();
        return Page();
    }

    private static readonly string[] Fields = [nameof(Periodes), nameof(Mensualites), nameof(Mandat), nameof(Motif)];

    /// <summary>The request as the API takes it, or null with the French messages next to the fields.</summary>
    private PlanRequest? Validate()
    {
        if (Etendue != "tout" && Periodes.Count == 0) ModelState.AddModelError(nameof(Periodes), "Choisissez au moins une période, ou tout ce qui est dû.");
        if (!int.TryParse(Mensualites, out var instalments) || instalments is < 1 or > 12)
            ModelState.AddModelError(nameof(Mensualites), "Choisissez entre 1 et 12 mensualités.");
        if (Mandat is null) ModelState.AddModelError(nameof(Mandat), "Choisissez le compte à prélever, ou ajoutez d'abord un mandat.");
        Required(nameof(Motif), Motif, "Expliquez en quelques mots ce qui vous amène à demander un échéancier.");
        if (!ModelState.IsValid) return null;
        return new PlanRequest
        {
            All = Etendue == "tout" ? true : null, Periods = Etendue == "tout" ? null : Periodes.Distinct().ToList(),
            Instalments = instalments, MandateId = Mandat, Reason = Motif!.Trim(),
        };
    }

    private async Task LoadAsync()
    {
        Plans = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.Plans.GetAsync(cancellationToken: ct))).Value ?? [];
        Due = ((await Api.CallAsync((c, ct) => c.Api.V1.Payments.Balance.GetAsync(cancellationToken: ct))).Value?.Items ?? [])
            .Where(i => Fr.Cents(i.Outstanding) > 0).ToList();
        Mandates = ((await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates.GetAsync(cancellationToken: ct))).Value ?? [])
            .Where(m => m.Status == "active").ToList();
        if (Mandat is null && Mandates.Count == 1) Mandat = Mandates[0].MandateId;
    }
}
