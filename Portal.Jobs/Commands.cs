using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data.Catalog;
using Portal.Data.Mail;
using Portal.Data.Relationships;

namespace Portal.Jobs;

/// <summary>
/// One-off commands of the worker, run instead of it when the first argument names one:
/// <c>import-history FILE [--format plain|online-retail]</c> and
/// <c>relationship-health --as-of yyyy-MM-dd --out FILE [--save]</c>.
/// They use the same configuration as the worker (Database:Provider, ConnectionStrings:Portal) and migrate first.
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["import-history", "relationship-health"];

    public static bool Handles(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var (positional, options) = Parse(args.Skip(1));
        var builder = Host.CreateApplicationBuilder(args.Where(a => a.Contains('=') && a.StartsWith("--")).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var database = DatabaseOptions.From(builder.Configuration["Database:Provider"], builder.Configuration.GetConnectionString("Portal"),
            builder.Environment.ContentRootPath);
        builder.Services.AddPortalData(database, builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions());
        using var host = builder.Build();
        host.Services.GetRequiredService<Migrator>().Migrate();
        Console.WriteLine($"Database: {Describe(database)}");
        try
        {
            return args[0] switch
            {
                "import-history" => await ImportAsync(host.Services, positional, options),
                _ => await HealthAsync(host.Services, options),
            };
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> options)
    {
        if (positional.Count != 1)
        {
            Console.Error.WriteLine("Usage: import-history FILE [--format plain|online-retail]   (FILE may be .csv or .csv.gz)");
            return 2;
        }
        var format = options.GetValueOrDefault("format", "plain") switch
        {
            "plain" => HistoryFormat.Plain,
            "online-retail" => HistoryFormat.OnlineRetail,
            var other => throw new FormatException($"--format '{other}' is not known: use plain or online-retail."),
        };
        var path = Resolve(positional[0]);
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at {path}.");
        Console.WriteLine($"Importing {path} ({options.GetValueOrDefault("format", "plain")})");
        var watch = Stopwatch.StartNew();
        var result = await services.GetRequiredService<HistoryImport>().ImportFileAsync(path, format);
        Console.WriteLine(result.Summary());
        Console.WriteLine($"Took {watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static async Task<int> HealthAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("as-of", out var asOfText) || !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)
            || !options.TryGetValue("out", out var outPath) || outPath.Length == 0)
        {
            Console.Error.WriteLine("Usage: relationship-health --as-of yyyy-MM-dd --out FILE.csv [--save]   (--save also stores the scores for the workspace)");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        var health = services.GetRequiredService<RelationshipHealth>();
        var scored = options.ContainsKey("save") ? await health.ComputeAndStoreAsync(asOf) : await health.ScoreAsync(asOf);
        var file = Resolve(outPath);
        await using (var writer = new StreamWriter(file))
        await using (var csv = new CsvWriter(writer, CsvFiles.Export))
        {
            csv.WriteField("externalRef"); csv.WriteField("name"); csv.WriteField("score"); csv.WriteField("risk"); csv.WriteField("silent"); csv.WriteField("reasons");
            await csv.NextRecordAsync();
            foreach (var s in scored)
            {
                csv.WriteField(s.Facts.ExternalRef ?? "");
                csv.WriteField(s.Facts.Name);
                csv.WriteField(s.Health.Score);
                csv.WriteField(s.Health.Risk.ToString("0.0000", CultureInfo.InvariantCulture));
                csv.WriteField(s.Health.Silent ? "true" : "false");
                csv.WriteField(string.Join("; ", s.Health.Reasons));
                await csv.NextRecordAsync();
            }
        }
        Console.WriteLine($"{scored.Count:N0} accounts as of {asOf:yyyy-MM-dd}: {scored.Count(s => s.Health.Silent):N0} silent; written to {file}{(options.ContainsKey("save") ? " and stored" : "")} in {watch.Elapsed.TotalSeconds:0.00} s");
        return 0;
    }

    /// <summary>Arguments: positional words, and --name value / --flag options (a --Key=value goes to the configuration).</summary>
    private static (List<string> Positional, Dictionary<string, string> Options) Parse(IEnumerable<string> args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith("--") && a.Contains('=')) continue;
            if (a.StartsWith("--"))
            {
                var name = a[2..];
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--");
                options[name] = hasValue ? list[++i] : "true";
            }
            else positional.Add(a);
        }
        return (positional, options);
    }

    /// <summary>
    /// A relative path is taken from where the command was typed: <c>dotnet run</c> starts the program in its project
    /// folder, but the shell's PWD still names the folder the person is in.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var typedIn = Environment.GetEnvironmentVariable("PWD");
        var from = typedIn is { Length: > 0 } && Directory.Exists(typedIn) ? typedIn : Environment.CurrentDirectory;
        return Path.GetFullPath(Path.Combine(from, path));
    }

    private static string Describe(DatabaseOptions database) => database.Provider == DatabaseProvider.Sqlite
        ? "SQLite " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource
        : "SQL Server " + new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(database.ConnectionString).InitialCatalog;
}
