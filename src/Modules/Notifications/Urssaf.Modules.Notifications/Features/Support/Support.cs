using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.Support;

/// <summary>The <c>Support</c> section: how to reach Urssaf by phone (configurable; defaults are the 3957's).</summary>
internal sealed class SupportOptions
{
    public const string Section = "Support";

    public string PhoneNumber { get; set; } = "3957";
    public string PhonePricing { get; set; } = "Service gratuit + prix d'un appel";
    public string OpeningHours { get; set; } = "Du lundi au vendredi, de 9h00 à 17h00 (hors jours fériés)";
}

internal sealed record PhoneSupport(string Number, string Pricing, string OpeningHours);

internal sealed record HelpTopic(string Id, string Title, string Description, string? MessagingTopic);

internal sealed record SupportResponse(PhoneSupport Phone, string SecureMessaging, IReadOnlyList<HelpTopic> HelpTopics, string HelpEntries);

internal sealed record HelpEntryResponse(string Code, string Meaning, string WhatToDo, PhoneSupport Phone);

internal sealed class SupportEndpoint : ICarterModule
{
    public const string HelpRoot = "/api/v1/support/help";

    private static readonly HelpTopic[] Topics =
    [
        new("declarer", "Déclarer mon chiffre d'affaires", "Dates limites, correction avant l'échéance, déclaration à zéro, correction tardive par la messagerie.", "declaration"),
        new("payer", "Payer mes cotisations", "Prélèvement SEPA, carte, virement, échéancier, majorations de retard et demande de remise.", "payment"),
        new("attestations", "Obtenir une attestation", "Attestation de vigilance et de déclaration : conditions, vérification par code.", "attestation"),
        new("compte", "Mon compte et sa sécurité", "Activation, mot de passe oublié, changement d'e-mail ou de téléphone, tiers de confiance.", "account"),
        new("reglementation", "Évolutions réglementaires", "Changements de taux et d'obligations, affichés sur votre tableau de bord avant leur entrée en vigueur.", null),
        new("autre", "Autre question", "Toute autre demande à un conseiller de l'Urssaf.", "other"),
    ];

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/support").WithTags("Support").AllowAnonymous();
        group.MapGet("", (IOptions<SupportOptions> options) => TypedResults.Ok(new SupportResponse(Phone(options.Value),
                $"{NotificationsRoutes.Root}/threads", Topics, HelpRoot)))
            .WithName("GetSupport")
            .WithSummary("How to reach Urssaf: the 3957 (free service plus the price of a call) and its opening hours, secure messaging, and the help topics.")
            .Produces<SupportResponse>();

        group.MapGet("/help", () => TypedResults.Ok(HelpCatalog.Entries.Select(e => new HelpEntryCode(e.Key, e.Value.Meaning, e.Value.WhatToDo)).ToList()))
            .WithName("ListHelpEntries")
            .WithSummary("Every help entry: each problem code the API can answer, what it means and what to do (French).")
            .Produces<IReadOnlyList<HelpEntryCode>>();

        group.MapGet("/help/{code}", (string code, IOptions<SupportOptions> options) => HelpCatalog.Find(code) is { } entry
                ? TypedResults.Ok(new HelpEntryResponse(code, entry.Meaning, entry.WhatToDo, Phone(options.Value)))
                : Error.NotFound("support.help.not_found", "No help entry has this code.").ToProblem())
            .WithName("GetHelpEntry")
            .WithSummary("The help entry of a problem code (the 'help' link of every problem answer): what it means and what to do.")
            .Produces<HelpEntryResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static PhoneSupport Phone(SupportOptions o) => new(o.PhoneNumber, o.PhonePricing, o.OpeningHours);
}

internal sealed record HelpEntryCode(string Code, string Meaning, string WhatToDo);
