using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Portal.Web.Api;

/// <summary>
/// The integration API at /api/v1: API-key authentication, a rate limit per key (429 with Retry-After), errors as
/// ProblemDetails (RFC 9457) with field errors, an OpenAPI document at /openapi/v1.json and an explorer at /api/docs.
/// </summary>
public static class ApiSetup
{
    public const string CustomerPolicy = "ApiCustomer";
    public const string SupplierPolicy = "ApiSupplier";
    public const string RateLimit = "per-key";

    public static void AddPortalApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CustomerPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(ApiKeyAuthentication.CustomerRole).RequireClaim(PortalClaims.AccountId))
            .AddPolicy(SupplierPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(ApiKeyAuthentication.SupplierRole));
        services.AddProblemDetails();
        // a number is a JSON number: "quantity": "5" is a wrong type (400), and the document says integer, not integer-or-string
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        // a body or query value that does not bind throws, so that ApiErrors answers it with field errors
        // (otherwise a bare 400 or 415 goes on to the site's HTML error page)
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", ApiDocument.Configure);
        services.AddSingleton<ApiOrderView>();

        var permits = builder.Configuration.GetValue("Api:RequestsPerMinute", 600);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Request.Headers[ApiKeyAuthentication.Header].ToString() is { Length: > 0 } key ? ApiKeys.Hash(key) : "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(title: "Too many requests", detail: $"This key may make {permits} requests a minute; retry after the Retry-After seconds.", statusCode: 429)
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }

    public static void MapPortalApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api/v1")
            .RequireRateLimiting(RateLimit)
            .DisableAntiforgery()
            .WithMetadata(new PortalApiEndpoint())
            .AddEndpointFilter(ApiErrors.NullElementFilter)
            // what every endpoint may answer besides its own results (ApiErrors, the key check, the rate limiter)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        CustomerApi.Map(api);
        SupplierApi.Map(api);
        ScheduleApi.Map(api);
        StockApi.Map(api);
        ReliabilityApi.Map(api);
        TicketApi.Map(api);

        ApiExplorerPage.Map(app);
    }
}

/// <summary>Marks an endpoint that requires the Idempotency-Key header (described in the OpenAPI document).</summary>
public sealed class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
}
