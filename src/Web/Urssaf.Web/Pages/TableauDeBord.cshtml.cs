using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Kiota.Abstractions.Serialization;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>The dashboard: regularity, what is due, deadlines, latest payments, the trend; widgets chosen through the layout API.</summary>
public sealed class TableauDeBordModel : WebPage
{
    /// <summary>The layout API's widgets (Compliance), with their French names.</summary>
    public static readonly IReadOnlyDictionary<string, string> WidgetNames = new Dictionary<string, string>
    {
        ["regularity"] = "Régularité de votre compte",
        ["contributions_due"] = "Ce que vous devez",
        ["next_deadlines"] = "Prochaines échéances",
        ["recent_declarations"] = "Dernières déclarations",
        ["recent_payments"] = "Derniers paiements",
        ["penalties"] = "Majorations et pénalités",
        ["turnover_thresholds"] = "Seuils de chiffre d'affaires",
        ["regulatory_notices"] = "Évolutions de la réglementation",
    };

    public IReadOnlyList<string> Layout { get; private set; } = [];
    public StatusResponse? Status { get; private set; }
    public BalanceResponse? Balance { get; private set; }
    public IReadOnlyList<PeriodResponse> Periods { get; private set; } = [];
    public IReadOnlyList<PaymentHistoryItem> Payments { get; private set; } = [];
    public IReadOnlyList<DeclarationResponse> Declarations { get; private set; } = [];
    public IReadOnlyList<TrendPoint> TrendPoints { get; private set; } = [];
    public IReadOnlyList<Notice> Notices { get; private set; } = [];

    /// <summary>A regulatory notice of the dashboard's <c>regulatory_notices</c> widget; <see cref="Link"/> only when it is https.</summary>
    public sealed record Notice(string Title, string Text, DateOnly? EffectiveOn, string? Link);

    public async Task OnGetAsync()
    {
        var dashboard = await Api.CallAsync((_, ct) => DashboardRoute.GetJsonAsync(Api.Adapter, ct));
        using var document = dashboard.Value is { Length: > 0 } json ? JsonDocument.Parse(json) : null;
        var root = document?.RootElement;
        Layout = root is { } top && top.TryGetProperty("layout", out var layout) && layout.ValueKind == JsonValueKind.Array
            ? [.. layout.EnumerateArray().Select(e => e.GetString() ?? "")]
            : [.. WidgetNames.Keys];
        Status = (await Api.CallAsync((c, ct) => c.Api.V1.Compliance.Status.GetAsync(cancellationToken: ct))).Value;
        Balance = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.Balance.GetAsync(cancellationToken: ct))).Value;
        Periods = (await Api.CallAsync((c, ct) => c.Api.V1.Declarations.Periods.GetAsync(cancellationToken: ct))).Value ?? [];
        Payments = (await Api.CallAsync((c, ct) => c.Api.V1.Payments.GetAsync(r => r.QueryParameters.PageSize = 5, ct))).Value ?? [];
        Declarations = (await Api.CallAsync((c, ct) => c.Api.V1.Declarations.GetAsync(r => r.QueryParameters.PageSize = 200, ct))).Value ?? [];
        TrendPoints = Trend.Build(Declarations, Periods);
        Notices = ReadNotices(root);
        if (!dashboard.Ok) AddProblem(dashboard.Problem!);
    }

    /// <summary>Up, down, hide or show one widget (forms, so it works without script); saved through PUT /compliance/dashboard/layout.</summary>
    public async Task<IActionResult> OnPostLayoutAsync(string widget, string action)
    {
        var current = (await Api.CallAsync((c, ct) => c.Api.V1.Compliance.Dashboard.GetAsync(cancellationToken: ct))).Value?.Layout ?? [];
        var list = current.ToList();
        var i = list.IndexOf(widget);
        switch (action)
        {
            case "monter" when i > 0:
                (list[i - 1], list[i]) = (list[i], list[i - 1]);
                break;
            case "descendre" when i >= 0 && i < list.Count - 1:
                (list[i + 1], list[i]) = (list[i], list[i + 1]);
                break;
            case "masquer" when i >= 0:
                list.RemoveAt(i);
                break;
            case "afficher" when i < 0 && WidgetNames.ContainsKey(widget):
                list.Add(widget);
                break;
        }

        var saved = await Api.CallAsync((c, ct) => c.Api.V1.Compliance.Dashboard.Layout.PutAsync(new LayoutRequest { Widgets = list }, cancellationToken: ct));
        Flash = saved.Ok ? "Votre tableau de bord est enregistré." : Urssaf.Web.Api.Messages.For(saved.Problem!);
        return Redirect("/tableau-de-bord#disposition");
    }

    /// <summary>The notices of the dashboard's <c>regulatory_notices</c> widget; a link only when it is https.</summary>
    internal static IReadOnlyList<Notice> ReadNotices(JsonElement? dashboard)
    {
        if (dashboard is not { } root || !root.TryGetProperty("widgets", out var widgets) || widgets.ValueKind != JsonValueKind.Array) return [];
        var notices = new List<Notice>();
        foreach (var widget in widgets.EnumerateArray())
        {
            if (!widget.TryGetProperty("type", out var type) || type.GetString() != "regulatory_notices") continue;
            if (!widget.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) continue;
            foreach (var item in data.EnumerateArray())
            {
                string? Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (Text("title") is not { Length: > 0 } title || string.IsNullOrWhiteSpace(title)) continue;
                DateOnly? effective = DateOnly.TryParseExact(Text("effectiveOn"), "yyyy-MM-dd", out var d) ? d : null;
                var link = Uri.TryCreate(Text("link"), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.ToString() : null;
                notices.Add(new Notice(title, Text("text") ?? "", effective, link));
            }
        }

        return notices;
    }
}
