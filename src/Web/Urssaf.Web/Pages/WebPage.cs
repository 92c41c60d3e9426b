using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>A page of the web account: the API for this request, login required unless the page is public.</summary>
public abstract class WebPage : PageModel
{
    protected UrssafApi Api => HttpContext.RequestServices.GetRequiredService<UrssafApi>();

    protected virtual bool RequiresLogin => true;

    /// <summary>A message shown once after a redirect (success of the previous step).</summary>
    [TempData]
    public string? Flash { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var session = await Api.SessionAsync();
        ViewData["LoggedIn"] = session is not null;
        if (RequiresLogin && session is null)
        {
            context.Result = ToLogin();
            return;
        }

        var executed = await next();
        if (executed.Exception is SignedOutException)
        {
            executed.ExceptionHandled = true;
            executed.Result = ToLogin();
        }
    }

    private RedirectToPageResult ToLogin() =>
        RedirectToPage("/Connexion/Index", new { retour = Request.Method == "GET" ? Request.Path + Request.QueryString : Request.Path.ToString() });

    /// <summary>Shows an API refusal next to the field(s) it names (one of <paramref name="fields"/>), else in the summary.</summary>
    protected void AddProblem(ApiProblem problem, params string[] fields)
    {
        if (problem.FieldCodes.Count > 0)
        {
            foreach (var (field, code) in problem.FieldCodes)
                Add(problem with { Code = code, Field = field, FieldCodes = [] }, fields);
            return;
        }

        Add(problem, fields);
    }

    private void Add(ApiProblem problem, string[] fields)
    {
        var named = Messages.FieldOf(problem);
        var key = fields.FirstOrDefault(f => string.Equals(f, named, StringComparison.OrdinalIgnoreCase)
                                             || string.Equals(f, problem.Field, StringComparison.OrdinalIgnoreCase)) ?? "";
        var message = Messages.For(problem);
        LinkHelp(problem);
        if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Any(e => e.ErrorMessage == message)) return;
        ModelState.AddModelError(key, message);
    }

    /// <summary>Shows an API refusal under the given key (a form of the page rather than a field the code names).</summary>
    protected void AddProblemAt(string key, ApiProblem problem)
    {
        ModelState.AddModelError(key, Messages.For(problem));
        LinkHelp(problem);
    }

    /// <summary>The API's help entry for the code (<c>/aide/{code}</c>), linked from the error summary (ADR 0087).</summary>
    private void LinkHelp(ApiProblem problem)
    {
        if (problem.Code.Contains('.') && !problem.Code.StartsWith("http.", StringComparison.Ordinal)
            && (ViewData["Aide"] ??= new List<string>()) is List<string> help && !help.Contains(problem.Code))
            help.Add(problem.Code);
    }

    protected void Required(string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) ModelState.AddModelError(field, message);
    }
}

/// <summary>A form field as the partial <c>_Field</c> draws it: label, hint, error next to it, value kept.</summary>
public sealed record Field(string Name, string Label, string? Value, string Type = "text", string? Hint = null, string? Autocomplete = null,
    string? InputMode = null, bool Required = true);
