using Portal.Data.Db;
using Portal.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();
var app = builder.Build();

// `--migrate`: run the schema migrations and exit, for deployments that migrate before they start web nodes
if (args.Contains("--migrate"))
{
    var result = app.Services.GetRequiredService<Migrator>().Migrate();
    app.Services.EnsureDataProtectionKey();
    Console.WriteLine($"Migrated: {result.ScriptsRun.Count} script(s) run{(result.ScriptsRun.Count > 0 ? ": " + string.Join(", ", result.ScriptsRun) : "")}.");
    return;
}

// outside Development the portal does not start without the address that links in e-mails use
PublicUrl.Configured(app.Configuration, app.Environment, required: true);
await app.PrepareDatabaseAsync();
app.UsePortal();
app.Run();

public partial class Program;
