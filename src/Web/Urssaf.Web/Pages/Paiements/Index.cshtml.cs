using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>
/// The balance, paying a period (SEPA debit, transfer, card through the provider's page), the mandates (adding one needs a
/// recent login: step-up) and the history. Each payment form carries its own idempotency key: a double submit pays once.
/// </summary>
public sealed class PaiementsModel : WebPage
{
    public BalanceResponse? Balance { get; private set; }
    public IReadOnlyList<MandateResponse> Mandates { get; private set; } = [];
    public IReadOnlyList<PaymentHistoryItem> History { get; private set; } = [];
    public TransferInstructions? Transfer { get; private set; }

    /// <summary>The provider's hosted page for a card payment just started, and what it is for.</summary>
    public (string Url, double? Amount, string Period)? Card { get; private set; }
    public bool NeedsFreshLogin { get; private set; }

    [BindProperty] public string? Iban { get; set; }
    [BindProperty] public string? HolderName { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPayAsync(string period, string? method, Guid? mandateId, string key, string amount)
    {
        if (method is not ("sepa_debit" or "transfer" or "card")
            || !decimal.TryParse(amount, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var euros))
        {
            ModelState.AddModelError($"method-{period}", "Choisissez un moyen de paiement.");
            await LoadAsync();
            return Page();
        }

        var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.PostAsync(new MakePaymentRequest
        {
            Period = period, Method = method, MandateId = method == "sepa_debit" ? mandateId : null,
            Amount = (double)euros,
        }, r => r.Headers.Add("Idempotency-Key", "web-" + key), ct));
        if (!result.Ok)
        {
            // next to the period's payment choice, whatever the code (the card threshold, nothing left to pay...)
            AddProblemAt($"method-{period}", result.Problem!);
            await LoadAsync();
            return Page();
        }

        if (method == "card")
        {
            // a link, not a redirect after POST: the provider's page is another origin (CSP form-action 'self')
            if (result.Value!.RedirectUrl is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                ModelState.AddModelError($"method-{period}", Messages.For(new ApiProblem(503, "web.api_unreachable", null, null, null)));
                await LoadAsync();
                return Page();
            }

            Card = (url, result.Value.Amount, period);
            await LoadAsync();
            return Page();
        }

        if (result.Value!.TransferInstructions is { } transfer)
        {
            Transfer = transfer;
            await LoadAsync();
            return Page();
        }

        Flash = $"Prélèvement de {Fr.Money(result.Value.Amount)} programmé le {Fr.Date(result.Value.CollectionDate)} pour {Fr.Period(period)}.";
        return Redirect("/paiements#historique");
    }

    public async Task<IActionResult> OnPostMandateAsync()
    {
        Required(nameof(Iban), Iban, "Saisissez l'IBAN du compte à prélever.");
        Required(nameof(HolderName), HolderName, "Saisissez le nom du titulaire du compte.");
        if (ModelState.IsValid)
        {
            var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates.PostAsync(
                new SignMandateRequest { Iban = Iban!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), HolderName = HolderName!.Trim() }, cancellationToken: ct));
            if (result.Ok)
            {
                Flash = $"Mandat de prélèvement enregistré (compte {result.Value!.MaskedIban}).";
                return Redirect("/paiements#mandats");
            }

            NeedsFreshLogin = result.Problem!.Code == "identity.reauthentication_required";
            AddProblem(result.Problem, nameof(Iban), nameof(HolderName));
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Automatic debit on one mandate (the API turns the others off) or off.</summary>
    public async Task<IActionResult> OnPostAutomaticAsync(Guid mandateId, bool enabled)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates[mandateId].AutomaticDebit.PutAsync(new AutomaticDebitBody { Enabled = enabled }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!);
            await LoadAsync();
            return Page();
        }

        Flash = enabled
            ? $"Prélèvement automatique activé sur le compte {result.Value!.MaskedIban} : chaque déclaration sera prélevée à son échéance."
            : $"Prélèvement automatique désactivé sur le compte {result.Value!.MaskedIban}.";
        return Redirect("/paiements#mandats");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid mandateId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates[mandateId].DeleteAsync(cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!);
            await LoadAsync();
            return Page();
        }

        Flash = "Le mandat est révoqué.";
        return Redirect("/paiements#mandats");
    }

    private async Task LoadAsync()
    {
        Balance = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.Balance.GetAsync(cancellationToken: ct))).Value;
        Mandates = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.Mandates.GetAsync(cancellationToken: ct))).Value ?? [];
        History = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.GetAsync(r => r.QueryParameters.PageSize = 50, ct))).Value ?? [];
    }
}
