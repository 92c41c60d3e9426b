using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>One payment plan: its status, the debts it covers, its instalments, the adviser's decision; a counter-proposal is accepted here.</summary>
public sealed class EcheancierModel : WebPage
{
    public PlanResponse? Plan { get; private set; }
    public MandateResponse? Mandate { get; private set; }

    /// <summary>The idempotency key of the confirmation form (a new one when none was posted).</summary>
    [BindProperty] public string? Cle { get; set; }

    public string Key => Cle is { Length: > 0 and <= 64 } ? Cle : (Cle = Guid.NewGuid().ToString("N"));

    public async Task<IActionResult> OnGetAsync(Guid planId) => await LoadAsync(planId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAccepterAsync(Guid planId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Plans[planId].Acceptance.PostAsync(r => r.Headers.Add("Idempotency-Key", "web-plan-accept-" + Key), ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!);
            return await LoadAsync(planId) ? Page() : NotFound();
        }

        Flash = "Vous avez accepté l'échéancier proposé : les mensualités seront prélevées aux dates indiquées.";
        return Redirect($"/paiements/echeanciers/{planId}");
    }

    private async Task<bool> LoadAsync(Guid planId)
    {
        var plan = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Plans[planId].GetAsync(cancellationToken: ct));
        if (!plan.Ok) return false;
        Plan = plan.Value;
        Mandate = ((await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates.GetAsync(cancellationToken: ct))).Value ?? [])
            .FirstOrDefault(m => m.MandateId == Plan!.MandateId);
        return true;
    }
}
