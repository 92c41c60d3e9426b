using FluentValidation;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>API.md pagination: <c>?page=1&amp;pageSize=50</c>, page from 1, page size at most 200.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    public static IRuleBuilderOptions<T, int> ValidPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.GreaterThanOrEqualTo(1).WithErrorCode("request.page.invalid");

    public static IRuleBuilderOptions<T, int> ValidPageSize<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPageSize).WithErrorCode("request.page_size.invalid");
}
