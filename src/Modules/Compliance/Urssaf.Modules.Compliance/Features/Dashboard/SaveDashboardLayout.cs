using System.Security.Claims;
using System.Text.Json.Serialization;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Features.Shared;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Compliance.Features.Dashboard;

internal sealed record LayoutRequest(IReadOnlyList<string>? Widgets);

internal sealed record LayoutResponse(IReadOnlyList<string> Widgets);

internal sealed record SaveLayoutCommand(AccountId AccountId, IReadOnlyList<string>? Widgets) : ICommand<IReadOnlyList<string>>;

internal sealed class SaveLayoutValidator : AbstractValidator<SaveLayoutCommand>
{
    public SaveLayoutValidator()
    {
        RuleFor(c => c.Widgets).Cascade(CascadeMode.Stop).NotNull().WithErrorCode("compliance.layout.required")
            .Must(w => w!.Count >= 1 && w.Count <= DashboardLayout.Widgets.Length).WithErrorCode("compliance.layout.invalid")
            .WithMessage($"Choose one to {DashboardLayout.Widgets.Length} widgets.")
            .Must(w => w!.Distinct().Count() == w!.Count).WithErrorCode("compliance.layout.invalid").WithMessage("Each widget appears once.");
        RuleForEach(c => c.Widgets).Must(w => DashboardLayout.Widgets.Contains(w)).WithErrorCode("compliance.layout.unknown_widget")
            .WithMessage("Known widgets: " + string.Join(", ", DashboardLayout.Widgets) + ".");
    }
}

internal sealed class SaveLayoutHandler(ComplianceDbContext db) : ICommandHandler<SaveLayoutCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(SaveLayoutCommand command, CancellationToken cancellationToken)
    {
        var row = await db.DashboardLayouts.SingleOrDefaultAsync(l => l.AccountId == command.AccountId, cancellationToken);
        if (row is null) db.DashboardLayouts.Add(row = new DashboardLayout { AccountId = command.AccountId });
        row.WidgetList = string.Join(',', command.Widgets!);
        await db.SaveChangesAsync(cancellationToken);
        return command.Widgets!;
    }
}

internal sealed class SaveDashboardLayoutEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPut($"{ComplianceRoutes.Root}/dashboard/layout", async (LayoutRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new LayoutResponse(await sender.Send(new SaveLayoutCommand(user.GetAccountId(), body.Widgets), ct))))
            .WithName("SaveDashboardLayout")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("Chooses and orders the dashboard's widgets.")
            .RequireAuthorization(Policies.AccountHolder)
            .ProducesValidationProblem();
    }
}
