using FluentValidation;
using Mediator;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.FileDeclaration;

/// <summary>Files a period's declaration, or corrects it until the due date (PUT semantics: repeating it changes nothing).</summary>
internal sealed record FileDeclarationCommand(AccountId AccountId, string Period, IReadOnlyList<TurnoverLineRequest> Lines, string? IfMatch, Guid? SessionId = null)
    : ICommand<Result<FileDeclarationResult>>;

internal sealed record FileDeclarationResult(bool Created, DeclarationResponse Declaration, string ETag);

internal sealed class FileDeclarationValidator : AbstractValidator<FileDeclarationCommand>
{
    public FileDeclarationValidator()
    {
        RuleFor(c => c.Period).ValidPeriod();
        RuleFor(c => c.Lines).ValidLines();
        RuleFor(c => c.IfMatch).MaximumLength(64).WithErrorCode("request.if_match.invalid");
    }
}
