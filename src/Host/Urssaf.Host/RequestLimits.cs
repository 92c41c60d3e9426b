using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Api;

/// <summary>
/// Request size limits (<c>Http:MaxRequestBodyBytes</c>, 1 MiB by default, or the route's own <c>RequestSizeLimit</c>): 413 before any
/// endpoint reads the body.
/// </summary>
internal static class RequestLimits
{
    private static long MaxBodyBytes(IConfiguration configuration) => configuration.GetValue("Http:MaxRequestBodyBytes", 1024L * 1024);

    public static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        var max = MaxBodyBytes(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = max;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        var defaultMax = MaxBodyBytes(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use(async (context, next) =>
        {
            var max = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultMax;
            if (context.Request.MaxRequestBodySizeFeature() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max; // Kestrel's own limit
            if (context.Request.ContentLength > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(ProblemResults.Create(413, "request.too_large", $"The request body exceeds {max} bytes."))
                    .ExecuteAsync(context);
                return;
            }

            if (context.Request.ContentLength is null && context.Request.Body.CanRead)
                context.Request.Body = new LimitedStream(context.Request.Body, max);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context);
        });
    }

    private static Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature? MaxRequestBodySizeFeature(this HttpRequest request) =>
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();

    /// <summary>For bodies without Content-Length (chunked): fails with a 413 once the limit is passed.</summary>
    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > max) throw new BadHttpRequestException($"The request body exceeds {max} bytes.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }
    }
}
