using Microsoft.AspNetCore.Http;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Urssaf.Client;
using Urssaf.Client.Models;

namespace Urssaf.Web.Api;

/// <summary>The outcome of one API call: the value, or the problem the service answered.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>Raised when the API no longer accepts the session (expired, ended elsewhere): the page sends the person to log in.</summary>
public sealed class SignedOutException : Exception
{
    public SignedOutException() : base("The session is no longer valid.") { }
    public SignedOutException(string message) : base(message) { }
    public SignedOutException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The typed client (Kiota) for the current browser session, per request: the access token comes from the server-side
/// session; a 401 is answered once by the refresh token (the pair is rotated and stored again).
/// </summary>
public sealed class UrssafApi
{
    internal const string HttpClientName = "urssaf-api";
    private readonly IHttpContextAccessor _accessor;
    private readonly WebSessions _sessions;
    private readonly UrssafApiClient _client;
    private WebSession? _session;
    private bool _loaded;

    public UrssafApi(IHttpClientFactory factory, ApiEndpoint endpoint, WebSessions sessions, IHttpContextAccessor accessor)
    {
        _accessor = accessor;
        _sessions = sessions;
        var http = factory.CreateClient(HttpClientName);
        Adapter = new HttpClientRequestAdapter(new Bearer(this), httpClient: http) { BaseUrl = endpoint.BaseUrl };
        _client = new UrssafApiClient(Adapter);
    }

    /// <summary>The typed client's adapter, for a route the client does not know yet (see <see cref="RawRoutes"/>).</summary>
    public IRequestAdapter Adapter { get; }

    private HttpContext Http => _accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    public async Task<WebSession?> SessionAsync()
    {
        if (!_loaded)
        {
            _session = await _sessions.GetAsync(Http);
            _loaded = true;
        }

        return _session;
    }

    /// <summary>An anonymous call (sign-up, activation, login): no token is sent even with a session.</summary>
    public Task<ApiResult<T>> AnonymousAsync<T>(Func<UrssafApiClient, CancellationToken, Task<T?>> call) => RunAsync(call, allowRefresh: false);

    /// <summary>A call for the logged-in account; throws <see cref="SignedOutException"/> when there is no valid session.</summary>
    public async Task<ApiResult<T>> CallAsync<T>(Func<UrssafApiClient, CancellationToken, Task<T?>> call)
    {
        if (await SessionAsync() is null) throw new SignedOutException();
        var result = await RunAsync(call, allowRefresh: true);
        if (result.Problem is { Status: 401 }) await SignOutLocallyAsync();
        return result;
    }

    public async Task<ApiResult<bool>> CallAsync(Func<UrssafApiClient, CancellationToken, Task> call) =>
        await CallAsync<bool>(async (c, ct) =>
        {
            await call(c, ct);
            return true;
        });

    public async Task LogInAsync(TokenResponse tokens, bool rememberMe, bool franceConnect = false)
    {
        _session = new WebSession(tokens.AccessToken!, tokens.RefreshToken!, rememberMe, tokens.MustChangePassword == true, franceConnect);
        _loaded = true;
        await _sessions.OpenAsync(Http, _session);
    }

    public async Task SignOutLocallyAsync()
    {
        _session = null;
        _loaded = true;
        await _sessions.CloseAsync(Http);
        throw new SignedOutException();
    }

    public async Task ForgetAsync()
    {
        _session = null;
        _loaded = true;
        await _sessions.CloseAsync(Http);
    }

    private async Task<ApiResult<T>> RunAsync<T>(Func<UrssafApiClient, CancellationToken, Task<T?>> call, bool allowRefresh)
    {
        _anonymous = !allowRefresh;
        try
        {
            var first = await AttemptAsync(call);
            if (first.Problem is not { Status: 401 } || !allowRefresh || _session is null || !await RefreshAsync()) return first;
            return await AttemptAsync(call);
        }
        finally
        {
            _anonymous = false;
        }
    }

    private bool _anonymous;

    private async Task<ApiResult<T>> AttemptAsync<T>(Func<UrssafApiClient, CancellationToken, Task<T?>> call)
    {
        var box = ProblemCapture.Begin();
        try
        {
            var value = await call(_client, Http.RequestAborted);
            return new ApiResult<T>(value, null);
        }
        catch (ApiException e)
        {
            return new ApiResult<T>(default, box.Problem ?? new ApiProblem(e.ResponseStatusCode, "http." + e.ResponseStatusCode, null, null, null));
        }
        catch (HttpRequestException)
        {
            return new ApiResult<T>(default, new ApiProblem(503, "web.api_unreachable", null, null, null));
        }
    }

    private async Task<bool> RefreshAsync()
    {
        var session = _session!;
        var anonymous = _anonymous;
        _anonymous = true;
        var refreshed = await AttemptAsync((c, ct) => c.Api.V1.Identity.Sessions.Refresh.PostAsync(new RefreshRequest { RefreshToken = session.RefreshToken }, cancellationToken: ct));
        _anonymous = anonymous;
        if (!refreshed.Ok || refreshed.Value?.AccessToken is null) return false;
        _session = session with { AccessToken = refreshed.Value.AccessToken, RefreshToken = refreshed.Value.RefreshToken! };
        await _sessions.UpdateAsync(Http, _session);
        return true;
    }

    private sealed class Bearer(UrssafApi api) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            if (!api._anonymous && api._session is { } session) request.Headers.TryAdd("Authorization", "Bearer " + session.AccessToken);
            return Task.CompletedTask;
        }
    }
}
