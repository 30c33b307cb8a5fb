using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Api;

/// <summary>The OpenAPI document as real clients use it: linted by Redocly, and turned into a working C# client by NSwag.</summary>
public sealed class ApiDocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>Pinned: a new Redocly release cannot break the run by adding rules; raise it on purpose.</summary>
    public const string RedoclyCli = "@redocly/cli@2.77.0";

    private Task<string> DocumentAsync() => app.NewClient().GetStringAsync("/openapi/v1.json");

    [Fact]
    public async Task The_document_declares_the_key_the_headers_the_errors_and_an_operation_id_per_operation()
    {
        var doc = JsonDocument.Parse(await DocumentAsync()).RootElement;
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        var ids = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var what = $"{operation.Name.ToUpperInvariant()} {path.Name}";
            ids.Add(operation.Value.GetProperty("operationId").GetString()!);
            Assert.True(operation.Value.GetProperty("security")[0].TryGetProperty("ApiKey", out _), what);
            var responses = operation.Value.GetProperty("responses");
            foreach (var status in new[] { "400", "401", "403", "429", "500" })
                Assert.True(responses.TryGetProperty(status, out var r) && r.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{what} {status}");
            Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _), what);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("PlaceOrder", ids);
        Assert.Contains("RecordDelivery", ids);

        var place = doc.GetProperty("paths").GetProperty("/api/v1/orders").GetProperty("post");
        var header = place.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.True(header.GetProperty("required").GetBoolean());
        Assert.True(place.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(doc.GetProperty("paths").GetProperty("/api/v1/orders/{number}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
    }

    [Fact]
    public async Task The_document_passes_redoclys_recommended_lint_without_errors_or_warnings()
    {
        var folder = Directory.CreateDirectory(Path.Combine(app.Folder, "lint")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await DocumentAsync());
        await File.WriteAllTextAsync(Path.Combine(folder, "redocly.yaml"), "extends:\n  - recommended\n");

        var command = new ProcessStartInfo("npx", ["--yes", RedoclyCli, "lint", "openapi.json", "--format=json"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        command.Environment["NO_UPDATE_NOTIFIER"] = "1";
        command.Environment["REDOCLY_TELEMETRY"] = "off";
        command.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        Process process;
        try { process = Process.Start(command)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new Xunit.Sdk.XunitException($"npx (Node.js 20+ with npm) is needed to lint the API document: {e.Message}"); }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;

        var start = output.IndexOf('{');
        Assert.True(start >= 0, $"npx {RedoclyCli} gave no report (exit {process.ExitCode}):\n{output}\n{await stderr}");
        var json = output[start..];
        var report = JsonDocument.Parse(json).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}")
            .ToList();
        Assert.True(problems.Count == 0, "Redocly (recommended) reports:\n" + string.Join("\n", problems) + "\n" + await stderr);
        Assert.Equal(0, report.GetProperty("totals").GetProperty("errors").GetInt32());
        Assert.Equal(0, report.GetProperty("totals").GetProperty("warnings").GetInt32());
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_client_generated_from_the_document_places_replays_and_reads_an_order_and_confirms_ships_and_delivers_it()
    {
        var client = await GeneratedClient.CreateAsync(await DocumentAsync());
        var customer = client.New(app.BaseAddress, DemoData.ContosoApiKey);
        var supplier = client.New(app.BaseAddress, DemoData.SupplierApiKey);

        var requested = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
        while (requested.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) requested = requested.AddDays(1);
        var line = client.Make("OrderLineRequest", new { Sku = "22423", Quantity = 2 });
        var order = client.Make("OrderRequest", new { SiteCode = "CON-DUB", PoNumber = "GEN-1", RequestedDeliveryDate = requested, Lines = client.List("OrderLineRequest", line) });
        var key = Guid.NewGuid().ToString();

        dynamic placed = await client.CallAsync(customer, "PlaceOrder", key, order);
        string number = placed.Number;
        dynamic replayed = await client.CallAsync(customer, "PlaceOrder", key, order);
        Assert.Equal(number, (string)replayed.Number);
        dynamic read = await client.CallAsync(customer, "GetOrder", number);
        Assert.Equal("Submitted", (string)read.Status);
        Assert.Equal(2, (int)read.Lines[0].Quantity);

        var promise = client.Make("PromiseLineRequest", new { Line = 1, PromisedDate = requested, Quantity = 2 });
        dynamic confirmed = await client.CallAsync(supplier, "ConfirmOrder", number, client.Make("ConfirmationRequest", new { Lines = client.List("PromiseLineRequest", promise) }));
        Assert.Equal("Confirmed", (string)confirmed.Status);
        var shipLine = client.Make("QuantityLineRequest", new { Line = 1, Quantity = 2 });
        dynamic shipped = await client.CallAsync(supplier, "RecordShipment", number, client.Make("ShipmentRequest", new { Carrier = "DHL", TrackingReference = "GEN-TRK", Lines = client.List("QuantityLineRequest", shipLine) }));
        Guid shipmentId = shipped.ShipmentId;
        dynamic delivered = await client.CallAsync(supplier, "RecordDelivery", number, client.Make("DeliveryRequest", new
        {
            ShipmentId = shipmentId, DeliveredDate = DateOnly.FromDateTime(DateTime.UtcNow), Lines = client.List("QuantityLineRequest", shipLine),
        }));
        Assert.Equal("Delivered", (string)delivered.Status);

        dynamic final = await client.CallAsync(customer, "GetOrder", number);
        Assert.Equal("Delivered", (string)final.Status);
        Assert.Equal(shipmentId, (Guid)final.Shipments[0].Id);
        Assert.Equal(2, (int)final.Lines[0].Delivered);

        // errors come back as the generated exception with the ProblemDetails
        var missing = await Assert.ThrowsAnyAsync<Exception>(() => client.CallAsync(customer, "GetOrder", "SO-NOPE"));
        Assert.Equal(404, (int)((dynamic)missing).StatusCode);
    }
}

/// <summary>
/// A C# client that NSwag (NSwag.CodeGeneration.CSharp) generates from the served document, compiled by Roslyn in memory.
/// The test drives it by operation id (methods are named after operation ids), so it is the document, not hand-written
/// code, that decides whether the calls work.
/// </summary>
public sealed class GeneratedClient(Assembly assembly)
{
    public const string Namespace = "Portal.Generated";

    public static async Task<GeneratedClient> CreateAsync(string documentJson)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(documentJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "PortalApiClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = Namespace;
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.DateType = "System.DateOnly";
        settings.CSharpGeneratorSettings.DateTimeType = "System.DateTimeOffset";
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("PortalGeneratedClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, "the generated client compiles:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return new GeneratedClient(Assembly.Load(image.ToArray()));
    }

    private Type Type(string name) => assembly.GetType($"{Namespace}.{name}") ?? throw new Xunit.Sdk.XunitException($"the generated client has no type {name}");

    /// <summary>A client that sends the key the way the document's security scheme says: in the X-Api-Key header.</summary>
    public object New(Uri baseAddress, string apiKey)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var type = Type("PortalApiClient");
        var client = type.GetConstructor([typeof(string), typeof(HttpClient)]) is { } withUrl
            ? withUrl.Invoke([baseAddress.ToString().TrimEnd('/'), http])
            : Activator.CreateInstance(type, http)!;
        type.GetProperty("BaseUrl")?.SetValue(client, baseAddress.ToString().TrimEnd('/'));
        return client;
    }

    public object Make(string type, object values)
    {
        var instance = Activator.CreateInstance(Type(type))!;
        foreach (var property in values.GetType().GetProperties())
        {
            var target = instance.GetType().GetProperty(property.Name) ?? throw new Xunit.Sdk.XunitException($"{type} has no {property.Name}");
            target.SetValue(instance, property.GetValue(values));
        }
        return instance;
    }

    public object List(string type, params object[] items)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(Type(type)))!;
        foreach (var item in items) list.Add(item);
        return list;
    }

    /// <summary>Calls the method generated for <paramref name="operationId"/> with its arguments in the document's order.</summary>
    public async Task<dynamic> CallAsync(object client, string operationId, params object?[] arguments)
    {
        var method = client.GetType().GetMethods().Single(m => m.Name == operationId + "Async" && m.GetParameters().Length == arguments.Length);
        var task = (Task)method.Invoke(client, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task) ?? throw new Xunit.Sdk.XunitException($"{operationId} answered nothing");
    }
}
