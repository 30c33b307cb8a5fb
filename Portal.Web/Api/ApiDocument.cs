using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Web.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, complete enough for generated clients: the X-Api-Key security scheme on
/// every operation, the Idempotency-Key header where it is needed, every response (ProblemDetails for 400, 401, 403,
/// 404, 422, 429 and 500, Retry-After on 429, Location on 201) and a stable operation id per endpoint (its name).
/// The document passes Redocly's recommended lint (a test runs it).
/// </summary>
public static class ApiDocument
{
    public const string SecuritySchemeName = "ApiKey";

    public static void Configure(OpenApiOptions o)
    {
        o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Customer portal API",
                Version = "v1",
                Description = """
                    The integration API of the customer portal. A customer account's purchasing system orders as the account and reads its
                    orders, promises, shipments and deliveries; the supplier's ERP and warehouse systems confirm, re-promise, ship, record
                    deliveries and keep products and contract prices.

                    Every call sends a key in the `X-Api-Key` header (customer admins make their account's keys at /account/api-keys,
                    supplier admins the supplier's at /desk/api-keys). Errors are ProblemDetails (RFC 9457); a 400 names each bad field
                    under `errors`. Each key may make a limited number of requests a minute (429 with Retry-After beyond).
                    """,
            };
            // the server is the host the document was fetched from, without the trailing slash (paths start with one)
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            // SPDX LicenseRef: the supplier's own terms (the API is for its customers and their systems)
            document.Info.License = new OpenApiLicense { Name = "Proprietary: for the supplier's customers and their systems", Identifier = "LicenseRef-Proprietary" };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthentication.Header,
                Description = "A customer account's key (its systems order as the account) or a supplier key (the supplier's systems). Shown once when made; stored hashed.",
            };
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Customer", Description = "A customer account's purchasing system: sites, catalog at the account's prices, orders with their promises, shipments and deliveries." },
                new() { Name = "Supplier", Description = "The supplier's ERP and warehouse systems: the order desk (confirm, re-promise, ship, deliver) and the catalog (products, contract prices)." },
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Security ??= [];
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [] });

            if (metadata.OfType<IdempotencyKeyHeader>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeyHeader.Name,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "A key of the caller's choosing (at most 100 characters), one per order: a retry with the same key and body returns the first result; the same key with another body is 422.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 100 },
                });
            }

            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse r) continue;
                r.Description = Describe(status, r.Description);
                if (status == "429")
                {
                    r.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    r.Headers["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before the next request with this key.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
                }
                if (status == "201")
                {
                    r.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    r.Headers["Location"] = new OpenApiHeader { Description = "The address of the new resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }
            }
            return Task.CompletedTask;
        });
    }

    private static string Describe(string status, string? current) => status switch
    {
        "200" when current is null or "OK" => "The result.",
        "201" => "Created; a replay of the same request returns 200 with the first result.",
        "400" => "The request is not valid: bad JSON, a wrong type, a number out of range, an impossible date, a null element or a broken rule. ProblemDetails with `errors` by field; nothing was changed.",
        "401" => "No key, an unknown or revoked key, a key of a deactivated account or of a disabled user.",
        "403" => "The key may not call this endpoint (customer keys call customer endpoints, supplier keys supplier endpoints).",
        "404" => "No such order (another account's order is not found either).",
        "415" => "The body is not JSON (send Content-Type: application/json).",
        "422" => "The Idempotency-Key was used before with a different request body.",
        "429" => "Too many requests with this key; retry after Retry-After seconds.",
        "500" => "Something failed on the supplier's side; the ProblemDetails carries a trace id.",
        _ => current ?? "The result.",
    };
}
