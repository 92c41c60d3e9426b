using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>API.md pagination: <c>?page=1&amp;pageSize=50</c>, page from 1, page size at most 200.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Pages beyond this are refused: (page − 1) × pageSize must stay a valid offset on every provider.</summary>
    public const int MaxPage = 1_000_000;

    public static IRuleBuilderOptions<T, int> ValidPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPage).WithErrorCode("request.page.invalid");

    public static IRuleBuilderOptions<T, int> ValidPageSize<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPageSize).WithErrorCode("request.page_size.invalid");

    /// <summary>One page of an ordered query and the count of all its rows (two queries).</summary>
    public static async Task<(List<T> Items, int Total)> ToPageAsync<T>(this IOrderedQueryable<T> query, int page, int pageSize, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }
}
