using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Portal.Web.Api;

/// <summary>Marks the integration API's own endpoints (anything else under /api is routing's 404 or 405).</summary>
public sealed class PortalApiEndpoint;

/// <summary>
/// Every answer under /api is ProblemDetails (RFC 9457), never the site's HTML error page and never a redirect to the
/// sign-in page: an unknown path is 404, a wrong method 405 (with Allow), a wrong content type 415, a body that is not
/// JSON or does not fit (wrong types, numbers out of range, impossible dates, null elements) 400 with field errors, and
/// a failure of ours 500 with the trace id that the log holds.
/// </summary>
public static partial class ApiErrors
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Goes right after UseRouting, before authentication, so that no API path ever reaches the cookie challenge.</summary>
    public static IApplicationBuilder UsePortalApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(IsApi, api => api.Use(HandleAsync));

    private static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        // the site's status code pages re-execute /Error (HTML); the API speaks for itself
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;

        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "No such endpoint",
                $"The API has no {context.Request.Path}; its endpoints are described at /openapi/v1.json and shown at /api/docs.");
            return;
        }
        if (endpoint.Metadata.GetMetadata<PortalApiEndpoint>() is null)
        {
            // routing's own answer for a path that exists with other methods (405, with Allow) or other content types (415)
            if (endpoint.RequestDelegate is { } reject) await reject(context);
            if (context.Response.HasStarted) return;
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
                await ProblemAsync(context, 405, "Method not allowed",
                    $"{context.Request.Path} does not take {context.Request.Method}; it takes {context.Response.Headers.Allow}.");
            else if (context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
                await UnsupportedMediaTypeAsync(context);
            else
                await ProblemAsync(context, StatusCodes.Status404NotFound, "No such endpoint", $"The API has no {context.Request.Path}.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await BadRequestAsync(context, ex);
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors))
                .LogError(ex, "API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ProblemAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong on our side",
                "The request was not completed. The error is logged under this trace id; if it persists, tell the supplier.");
            return;
        }

        // an error status without a body (should none of ours write one) still gets a ProblemDetails body
        if (context.Response is { HasStarted: false, StatusCode: >= 400, ContentLength: null, ContentType: null })
            await ProblemAsync(context, context.Response.StatusCode, null, null);
    }

    private static Task ProblemAsync(HttpContext context, int status, string? title, string? detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);

    private static Task UnsupportedMediaTypeAsync(HttpContext context) =>
        ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            $"Send the body as JSON with Content-Type: application/json (was {(string.IsNullOrEmpty(context.Request.ContentType) ? "none" : context.Request.ContentType)}).");

    private static Task BadRequestAsync(HttpContext context, BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return UnsupportedMediaTypeAsync(context);
        if (ex.StatusCode != StatusCodes.Status400BadRequest)
            return ProblemAsync(context, ex.StatusCode, "The request cannot be taken", ex.Message);

        var errors = new Dictionary<string, string[]>();
        if (ex.InnerException is JsonException json)
            errors[Field(json.Path)] = [JsonProblem(json)];
        else if (BindFailure().Match(ex.Message) is { Success: true } bind)
            errors[bind.Groups["name"].Value] = [$"\"{bind.Groups["value"].Value}\" is not {Expected(bind.Groups["type"].Value)}."];
        else if (MissingBody().IsMatch(ex.Message))
            errors[""] = ["Send a JSON body (see /openapi/v1.json for its shape)."];
        else
            errors[""] = [ex.Message];
        return TypedResults.ValidationProblem(errors, title: "The request is not valid",
            detail: "Nothing was changed. Each field named under errors says what it needs.").ExecuteAsync(context);
    }

    /// <summary>"$.lines[0].quantity" becomes "lines[0].quantity", the same names the request used.</summary>
    internal static string Field(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    private static string JsonProblem(JsonException json)
    {
        if (ConvertedTo().Match(json.Message) is { Success: true } m)
            return $"The value is not {Expected(LeafType(m.Groups[1].Value, json.Path))}.";
        var reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        return $"The body is not valid JSON: {reason}";
    }

    /// <summary>
    /// System.Text.Json names the record being read ("could not be converted to ...OrderLineRequest"), not the field's
    /// type; the field's type is that record's property named by the last step of the path.
    /// </summary>
    private static string LeafType(string reported, string? path)
    {
        var declaring = typeof(ApiErrors).Assembly.GetType(reported);
        if (declaring is null) return reported;
        var leaf = LastStep().Match(path ?? "");
        if (!leaf.Success) return "object";
        var property = declaring.GetProperty(leaf.Groups[1].Value, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        if (property is null) return "object";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) ? "List" : type.Name;
    }

    private static string Expected(string type)
    {
        var t = type.Replace("System.Nullable`1[", "", StringComparison.Ordinal).Replace("Nullable<", "", StringComparison.Ordinal)
            .TrimEnd(']', '>', '?').Replace("System.", "", StringComparison.Ordinal);
        return t switch
        {
            "Int32" or "int" => "a whole number between -2147483648 and 2147483647",
            "Int64" or "long" => "a whole number",
            "Decimal" or "decimal" => "a number such as 4.95",
            "DateOnly" => "a real date written yyyy-mm-dd",
            "DateTimeOffset" or "DateTime" => "a real instant written as ISO 8601, such as 2026-05-01T09:30:00Z",
            "Guid" => "an id such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "Boolean" or "bool" => "true or false",
            "String" or "string" => "a string",
            "List" => "an array",
            _ when t.Contains("List`1", StringComparison.Ordinal) || t.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "an object of the documented shape",
        };
    }

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex LastStep();

    [GeneratedRegex(@"converted to ([^\s]+?)\.? Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+?) (?<name>[^\" ]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex BindFailure();

    [GeneratedRegex("^(Required parameter .* was not provided from body|Implicit body inferred for parameter .* but no body was provided)")]
    private static partial Regex MissingBody();

    /// <summary>
    /// Refuses null elements in a request's arrays ("lines": [null]) with a 400 naming the element, before any endpoint
    /// sees them; System.Text.Json lets them through even where the element type is not nullable.
    /// </summary>
    public static async ValueTask<object?> NullElementFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is null || !IsRequestShape(argument.GetType())) continue;
            if (FindNull(argument, "", 0) is { } path)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = ["This element is null; send an object or leave it out."] },
                    title: "The request is not valid", detail: "Nothing was changed. Each field named under errors says what it needs.");
        }
        return await next(context);
    }

    private static readonly string RequestNamespace = typeof(ApiErrors).Namespace!;

    private static bool IsRequestShape(Type type) =>
        type.Namespace == RequestNamespace
        || (type.IsArray && IsRequestShape(type.GetElementType()!))
        || (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] && IsRequestShape(element));

    private static string? FindNull(object value, string path, int depth)
    {
        if (depth > 5) return null;
        if (value is IEnumerable items and not string)
        {
            var i = 0;
            foreach (var item in items)
            {
                var at = $"{path}[{i++}]";
                if (item is null) return at;
                if (IsRequestShape(item.GetType()) && FindNull(item, at, depth + 1) is { } inner) return inner;
            }
            return null;
        }
        foreach (var property in value.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || !IsRequestShape(property.PropertyType)) continue;
            if (property.GetValue(value) is { } child && FindNull(child, (path.Length == 0 ? "" : path + ".") + JsonNamingPolicy.CamelCase.ConvertName(property.Name), depth + 1) is { } inner)
                return inner;
        }
        return null;
    }
}
