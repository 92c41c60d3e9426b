using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Filing one period: the form (prefilled from the last declaration), then the estimate computed by the API (nothing
/// stored; also live while typing, through <see cref="OnPostLiveAsync"/>), then the confirmation that files it (PUT),
/// then the receipt. The same page shows every version and corrects until the due date with the ETag read (If-Match):
/// a version changed meanwhile is shown again instead of being overwritten. After the due date, the correction is asked
/// of an adviser in a "declaration" thread (CSS R613-9 closes the period online at its due date).
/// </summary>
public sealed class PeriodeModel : WebPage
{
    public const int Rows = 3;

    [FromRoute] public string Period { get; set; } = "";
    [BindProperty] public List<string?> Category { get; set; } = [];
    [BindProperty] public List<string?> SubPeriod { get; set; } = [];
    [BindProperty] public List<string?> Turnover { get; set; } = [];

    /// <summary>The ETag of the version the person read, sent back as If-Match when correcting.</summary>
    [BindProperty] public string? Version { get; set; }

    /// <summary>Why a late correction is needed (asked of an adviser).</summary>
    [BindProperty] public string? Reason { get; set; }

    public DeclarationResponse? Filed { get; private set; }
    public DeclarationResponse? Estimate { get; private set; }
    public IReadOnlyList<DeclarationVersionResponse> Versions { get; private set; } = [];
    public bool Correcting { get; private set; }

    /// <summary>The correction was refused because another version was saved since it was read: the current one is shown.</summary>
    public bool Stale { get; private set; }

    /// <summary>The due date has passed: the lines typed can be sent to an adviser with a reason.</summary>
    public bool LateRequest { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool corriger = false)
    {
        await LoadFiledAsync();
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

    /// <summary>The filed declaration with its ETag (response header), and its versions; a 404 simply means not filed yet.</summary>
    private async Task LoadFiledAsync()
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var filed = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].GetAsync(r => r.Options.Add(headers), ct));
        if (!filed.Ok)
        {
            if (filed.Problem!.Status != 404) AddProblem(filed.Problem);
            return;
        }

        Filed = filed.Value;
        Version = headers.ResponseHeaders.TryGetValue("ETag", out var etag) ? etag.FirstOrDefault() : null;
        var versions = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].Versions.GetAsync(cancellationToken: ct));
        Versions = versions.Value ?? [];
    }

    public async Task<IActionResult> OnPostEstimateAsync()
    {
        var lines = Read();
        if (lines is null) return Page();
        var result = await EstimateAsync(lines);
        if (!result.Ok)
        {
            AddLineProblem(result.Problem!);
            return Page();
        }

        Estimate = result.Value;
        return Page();
    }

    /// <summary>The live estimate for the script (comfort only): the total in French, or the first message to fix.</summary>
    public async Task<IActionResult> OnPostLiveAsync()
    {
        var lines = Read();
        if (lines is null)
            return new JsonResult(new { ok = false, message = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() });
        var result = await EstimateAsync(lines);
        if (!result.Ok) return new JsonResult(new { ok = false, message = Urssaf.Web.Api.Messages.For(result.Problem!) });
        var e = result.Value!;
        return new JsonResult(new
        {
            ok = true, total = Fr.Money(e.Total), socialContributions = Fr.Money(e.SocialContributions),
            message = $"Estimation : {Fr.Money(e.Total)} de cotisations au total, dont {Fr.Money(e.SocialContributions)} de cotisations sociales. Rien n'est encore enregistré.",
        });
    }

    private Task<Urssaf.Web.Api.ApiResult<DeclarationResponse>> EstimateAsync(List<TurnoverLineRequest> lines) =>
        Api.CallAsync((c, ct) => c.Api.V1.Declarations.Estimates.PostAsync(new EstimateRequest { Period = Period, Lines = lines }, cancellationToken: ct));

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var lines = Read();
        if (lines is null) return Page();
        var ifMatch = Version;
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Declarations[Period].PutAsync(new FileDeclarationRequest { Lines = lines },
            r => { if (!string.IsNullOrEmpty(ifMatch)) r.Headers.Add("If-Match", ifMatch); }, ct));
        if (!result.Ok)
        {
            switch (result.Problem!.Code)
            {
                case "declarations.declaration.stale":
                    // another version was saved since this one was read (another tab, an authorised accountant): show it, keep the lines typed
                    await LoadFiledAsync();
                    Stale = true;
                    Correcting = true;
                    ModelState.AddModelError("", "Votre déclaration a été modifiée depuis que vous l'avez ouverte (dans un autre onglet ou par un tiers " +
                                                 "que vous avez autorisé). La version enregistrée est affichée ci-dessous : vérifiez-la, puis estimez et " +
                                                 "confirmez à nouveau votre correction.");
                    break;
                case "declarations.period.closed":
                    LateRequest = true;
                    AddProblem(result.Problem);
                    break;
                default:
                    AddLineProblem(result.Problem);
                    break;
            }

            return Page();
        }

        Flash = $"Votre déclaration {Fr.OfPeriod(Period)} est enregistrée : {Fr.Money(result.Value!.Total)} de cotisations.";
        return Redirect($"/declarations/{Period}");
    }

    /// <summary>
    /// A correction after the due date: a "declaration" thread with the reason, then the request with the lines typed
    /// (an adviser accepts or refuses it; the contributions stay due at the original date, CSS R243-16).
    /// </summary>
    public async Task<IActionResult> OnPostLateAsync()
    {
        LateRequest = true;
        var lines = Read();
        Required(nameof(Reason), Reason, "Expliquez pourquoi la déclaration doit être corrigée.");
        if (Reason is { Length: > 2000 }) ModelState.AddModelError(nameof(Reason), "L'explication est trop longue (2 000 caractères au plus).");
        if (lines is null || !ModelState.IsValid) return Page();
        var reason = Reason!.Trim();
        var thread = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Threads.PostAsync(new OpenThreadRequest
        {
            Topic = "declaration", Subject = $"Correction de la déclaration {Fr.OfPeriod(Period)}", Body = reason,
        }, cancellationToken: ct));
        if (!thread.Ok || thread.Value?.ThreadId is not { } threadId)
        {
            AddProblem(thread.Problem ?? new Urssaf.Web.Api.ApiProblem(503, "web.api_unreachable", null, null, null), nameof(Reason));
            return Page();
        }

        var request = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Threads[threadId].CorrectionRequests.PostAsync(new RequestCorrectionRequest
        {
            Period = Period, Reason = reason,
            Lines = [.. lines.GroupBy(l => l.Category).Select(g => new CorrectionLineRequest { Category = g.Key, Turnover = g.Sum(l => l.Turnover ?? 0) })],
        }, cancellationToken: ct));
        if (!request.Ok)
        {
            AddProblem(request.Problem!, nameof(Reason), "Turnover[0]");
            return Page();
        }

        Flash = $"Votre demande de correction de la déclaration {Fr.OfPeriod(Period)} est transmise à un conseiller. Sa réponse vous parviendra dans votre messagerie.";
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

    public static string VersionKind(string? kind) => kind switch
    {
        "filed" => "Dépôt",
        "corrected" => "Correction",
        "late_correction" => "Correction tardive acceptée par un conseiller",
        _ => kind ?? "",
    };

    public static string? Wire(ActivityCategory? value) => Categories.Where(c => c.Value == value).Select(c => c.Wire).FirstOrDefault();
}
