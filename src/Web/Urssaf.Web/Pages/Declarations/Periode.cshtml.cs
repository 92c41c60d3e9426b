using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Filing one period: the form (prefilled from the last declaration), then the estimate computed by the API (nothing
/// stored), then the confirmation that files it (PUT), then the receipt. The same page corrects until the due date.
/// </summary>
public sealed class PeriodeModel : WebPage
{
    public const int Rows = 3;

    [FromRoute] public string Period { get; set; } = "";
    [BindProperty] public List<string?> Category { get; set; } = [];
    [BindProperty] public List<string?> SubPeriod { get; set; } = [];
    [BindProperty] public List<string?> Turnover { get; set; } = [];

    public DeclarationResponse? Filed { get; private set; }
    public DeclarationResponse? Estimate { get; private set; }
    public bool Correcting { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool corriger = false)
    {
        var filed = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].GetAsync(cancellationToken: ct));
        if (filed.Ok) Filed = filed.Value;
        else if (filed.Problem!.Status != 404) AddProblem(filed.Problem);
        Correcting = corriger && Filed is not null;
        var lines = Filed?.Lines?.Select(l => new TurnoverLineRequest { Category = l.Category, Period = l.Period, Turnover = l.Turnover }).ToList();
        if (Filed is null)
        {
            var prefill = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].Prefill.GetAsync(cancellationToken: ct));
            lines = prefill.Value?.Lines?.Select(l => new TurnoverLineRequest { Category = l.Category }).ToList();
        }

        Fill(lines ?? []);
        return Page();
    }

    public async Task<IActionResult> OnPostEstimateAsync()
    {
        var lines = Read();
        if (lines is null) return Page();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Declarations.Estimates.PostAsync(new EstimateRequest { Period = Period, Lines = lines }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddLineProblem(result.Problem!);
            return Page();
        }

        Estimate = result.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var lines = Read();
        if (lines is null) return Page();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].PutAsync(new FileDeclarationRequest { Lines = lines }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddLineProblem(result.Problem!);
            return Page();
        }

        Flash = $"Votre déclaration de {Fr.Period(Period)} est enregistrée : {Fr.Money(result.Value!.Total)} de cotisations.";
        return Redirect($"/declarations/{Period}");
    }

    private void AddLineProblem(Urssaf.Web.Api.ApiProblem problem) => AddProblem(problem, "Turnover[0]", "Category[0]", "SubPeriod[0]");

    private void Fill(List<TurnoverLineRequest> lines)
    {
        Category = [.. Enumerable.Range(0, Rows).Select(i => i < lines.Count ? Wire(lines[i].Category) : null)];
        SubPeriod = [.. Enumerable.Range(0, Rows).Select(i => i < lines.Count ? lines[i].Period : null)];
        Turnover = [.. Enumerable.Range(0, Rows).Select(i => i < lines.Count && lines[i].Turnover is { } t ? t.ToString(CultureInfo.InvariantCulture) : null)];
    }

    /// <summary>The lines typed, checked here first so a mistake shows next to its field in French; null when one is wrong.</summary>
    private List<TurnoverLineRequest>? Read()
    {
        var lines = new List<TurnoverLineRequest>();
        for (var i = 0; i < Rows; i++)
        {
            var category = i < Category.Count ? Category[i] : null;
            var text = (i < Turnover.Count ? Turnover[i] : null)?.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal);
            var sub = i < SubPeriod.Count ? SubPeriod[i]?.Trim() : null;
            if (string.IsNullOrEmpty(category) && string.IsNullOrEmpty(text)) continue;
            if (string.IsNullOrEmpty(category)) ModelState.AddModelError($"Category[{i}]", "Choisissez la catégorie d'activité de ce chiffre d'affaires.");
            if (string.IsNullOrEmpty(text))
                ModelState.AddModelError($"Turnover[{i}]", "Saisissez le chiffre d'affaires (0 si vous n'avez rien encaissé).");
            else if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var euros) || euros > 100_000_000)
                ModelState.AddModelError($"Turnover[{i}]", "Saisissez un montant en euros entiers, sans centimes, par exemple 12500.");
            else if (Parse(category) is { } parsed)
                lines.Add(new TurnoverLineRequest { Category = parsed, Turnover = euros, Period = string.IsNullOrEmpty(sub) ? null : sub });
            else if (!string.IsNullOrEmpty(category))
                ModelState.AddModelError($"Category[{i}]", "Choisissez une catégorie d'activité de la liste.");
        }

        if (lines.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Turnover[0]", "Saisissez votre chiffre d'affaires (0 si vous n'avez rien encaissé).");
        return ModelState.IsValid ? lines : null;
    }

    public static readonly (string Wire, ActivityCategory Value)[] Categories =
    [
        ("sales", ActivityCategory.Sales), ("services_bic", ActivityCategory.Services_bic), ("liberal_bnc", ActivityCategory.Liberal_bnc),
        ("liberal_cipav", ActivityCategory.Liberal_cipav), ("furnished_tourism", ActivityCategory.Furnished_tourism),
    ];

    private static ActivityCategory? Parse(string? wire) => Categories.Where(c => c.Wire == wire).Select(c => (ActivityCategory?)c.Value).FirstOrDefault();

    public static string? Wire(ActivityCategory? value) => Categories.Where(c => c.Value == value).Select(c => c.Wire).FirstOrDefault();
}
