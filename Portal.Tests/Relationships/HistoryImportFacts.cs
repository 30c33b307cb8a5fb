using System.Text;
using Dapper;
using Portal.Data.Db;
using Portal.Data.Relationships;
using Portal.Tests.Data;
using Portal.Tests.Sql;

namespace Portal.Tests.Relationships;

/// <summary>
/// The history import against a real database: the Online Retail file's quirks (lines written in its format, after
/// the UCI "Online Retail" data set by Daqing Chen, CC BY 4.0), the plain format, re-running, and the health read from
/// what was imported, as of a date.
/// </summary>
public sealed class HistoryImportFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    // the quirks, one or two lines each: walk-in sales without a CustomerID, a duplicated line, postage and manual and
    // discount codes, a price of 0, a C invoice (cancellation), an all-negative invoice, a comma inside a description
    private const string OnlineRetail = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER ,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
        536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom
        536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047.0,United Kingdom
        536367,POST,POSTAGE,1,2010-12-01 08:34:00,18.0,13047.0,United Kingdom
        536368,22960,JAM MAKING SET WITH JARS,6,2010-12-01 08:34:00,4.25,,United Kingdom
        536369,22961,"JAM MAKING SET PRINTED, RED",12,2010-12-01 08:35:00,0.0,13047.0,United Kingdom
        C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
        C536383,35004C,SET OF 3 COLOURED  FLYING DUCKS,-1,2010-12-01 09:49:00,4.65,15311.0,United Kingdom
        536384,M,Manual,1,2010-12-01 09:53:00,0.85,15311.0,United Kingdom
        536385,DOT,DOTCOM POSTAGE,1,2010-12-01 09:56:00,569.77,,United Kingdom
        A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,-11062.06,,United Kingdom
        536386,85099B,JUMBO BAG RED RETROSPOT,100,2010-12-01 09:57:00,1.65,16098.0,France
        536387,79321,CHILLI LIGHTS,-2,2010-12-01 09:58:00,4.95,16098.0,France
        """;

    private Task<HistoryImportResult> ImportAsync(string csv, HistoryFormat format) =>
        db.Get<HistoryImport>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "test.csv", format, Ct);

    [Fact]
    public async Task The_online_retail_quirks_are_skipped_or_kept_as_they_should_and_counted()
    {
        var result = await ImportAsync(OnlineRetail, HistoryFormat.OnlineRetail);

        Assert.Equal(15, result.RowsRead);
        Assert.Equal(3, result.Skipped[HistoryImport.Reasons.NoAccount]);
        Assert.Equal(3, result.Skipped[HistoryImport.Reasons.NonProduct]); // POST, D, M (DOT and B are walk-in sales)
        Assert.Equal(1, result.Skipped[HistoryImport.Reasons.Duplicate]);
        Assert.Equal(7, result.SkippedRows);
        Assert.Equal(7, result.OrdersCreated); // the discount-only cancellation and the manual-only invoice have no goods
        Assert.Equal(2, result.CancelledOrdersCreated);
        Assert.Equal(8, result.LinesCreated);
        Assert.Equal(4, result.AccountsCreated); // 14527 bought nothing but a discount
        Assert.Equal(8, result.ProductsCreated);
        Assert.Equal(1, result.ZeroPriceLines);

        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var orders = (await c.QueryAsync<(string Number, string Status, decimal Total, int LineCount, string Source, string Name, string ExternalRef, string Site)>("""
            SELECT o.Number, o.Status, o.Total, o.LineCount, o.Source, a.Name, a.ExternalRef, s.Name
            FROM Orders o JOIN CustomerAccounts a ON a.Id = o.AccountId JOIN Sites s ON s.Id = o.SiteId
            """)).ToDictionary(o => o.Number);
        Assert.Equal(["H-536365", "H-536366", "H-536367", "H-536369", "H-536386", "H-536387", "H-C536383"], orders.Keys.Order());
        Assert.Equal(("Delivered", 35.64m, 2, "History", "Customer 17850", "17850"), (orders["H-536365"].Status, orders["H-536365"].Total, orders["H-536365"].LineCount, orders["H-536365"].Source, orders["H-536365"].Name, orders["H-536365"].ExternalRef));
        Assert.Equal("Cancelled", orders["H-C536383"].Status);
        Assert.Equal("Cancelled", orders["H-536387"].Status);
        Assert.Equal("France", orders["H-536386"].Site);
        var cancelledLine = await c.QuerySingleAsync<(int Quantity, decimal LineTotal)>(
            "SELECT l.Quantity, l.LineTotal FROM OrderLines l JOIN Orders o ON o.Id = l.OrderId WHERE o.Number = 'H-C536383'");
        Assert.Equal((1, 4.65m), cancelledLine);
        var product = await c.QuerySingleAsync<(string Name, long IsActive)>("SELECT Name, IsActive FROM Products WHERE Sku = '85123A'");
        Assert.Equal(("WHITE HANGING HEART T-LIGHT HOLDER", 0L), product);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Products WHERE Sku IN ('POST', 'D', 'M', 'DOT', 'B')"));
        // a customer since its first order (the file's time is London's: GMT in December)
        var since = await c.QuerySingleAsync<DateTimeOffset>("SELECT CreatedUtc FROM CustomerAccounts WHERE ExternalRef = '17850'");
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero), since);
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing()
    {
        await ImportAsync(OnlineRetail, HistoryFormat.OnlineRetail);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        async Task<(int, int, int, int)> CountsAsync() => (
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Orders"), await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM OrderLines"),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM CustomerAccounts"), await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Products"));
        var before = await CountsAsync();

        var again = await ImportAsync(OnlineRetail, HistoryFormat.OnlineRetail);

        Assert.Equal(before, await CountsAsync());
        Assert.Equal((0, 0, 0, 0, 7), (again.OrdersCreated, again.LinesCreated, again.AccountsCreated, again.ProductsCreated, again.OrdersAlreadyImported));
        Assert.Equal(9, again.Skipped[HistoryImport.Reasons.AlreadyImported]);
    }

    [Fact]
    public async Task The_plain_format_reads_uk_dates_sites_and_all_negative_orders_as_cancellations()
    {
        var result = await ImportAsync("""
            Account reference,Order reference,Date,SKU,Description,Quantity,Unit price,Site
            ACME,PO-1,3/6/2011 9:30,W-1,Widget,10,1.50,Leeds
            ACME,PO-1,3/6/2011 9:30,W-2,Gadget,2,12.00,Leeds
            ACME,PO-2,2011-06-10,W-1,Widget,-4,1.50,York
            ACME,PO-3,not a date,W-1,Widget,1,1.50,York
            """, HistoryFormat.Plain);

        Assert.Equal((2, 1, 1, 2), (result.OrdersCreated, result.CancelledOrdersCreated, result.AccountsCreated, result.SitesCreated));
        Assert.Equal(1, result.Skipped[HistoryImport.Reasons.BadDate]);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var po1 = await c.QuerySingleAsync<(DateTimeOffset CreatedUtc, string Status, string Site, decimal Total)>(
            "SELECT o.CreatedUtc, o.Status, s.Code, o.Total FROM Orders o JOIN Sites s ON s.Id = o.SiteId WHERE o.Number = 'H-PO-1'");
        // 3 June 2011 09:30 in London is 08:30 UTC (summer time)
        Assert.Equal((new DateTimeOffset(2011, 6, 3, 8, 30, 0, TimeSpan.Zero), "Delivered", "LEEDS", 39.00m), po1);
        Assert.Equal("Cancelled", await c.ExecuteScalarAsync<string>("SELECT Status FROM Orders WHERE Number = 'H-PO-2'"));
        Assert.Equal("ACME", await c.ExecuteScalarAsync<string>("SELECT Name FROM CustomerAccounts WHERE ExternalRef = 'ACME'"));
    }

    [Fact]
    public async Task Health_as_of_a_date_is_the_same_after_later_history_arrives_and_is_stored_once_per_date()
    {
        static string Weekly(string account, DateOnly from, int weeks, string prefix) =>
            string.Concat(Enumerable.Range(0, weeks).Select(i => $"{account},{prefix}{i},{from.AddDays(7 * i):yyyy-MM-dd} 10:00,W-1,Widget,5,2.00\n"));
        const string Header = "Account reference,Order reference,Date,SKU,Description,Quantity,Unit price\n";
        var asOf = new DateOnly(2011, 6, 1);
        // STEADY orders weekly up to the date; QUIET stopped in March
        await ImportAsync(Header + Weekly("STEADY", new(2010, 12, 1), 26, "S-") + Weekly("QUIET", new(2010, 12, 2), 14, "Q-"), HistoryFormat.Plain);
        var health = db.Get<RelationshipHealth>();
        static string Line(ScoredAccount s) => $"{s.Facts.ExternalRef},{s.Health.Score},{s.Health.Risk},{s.Health.Silent},{s.Health.ReasonText}";
        var first = (await health.ScoreAsync(asOf, ct: Ct)).Select(Line).ToList();

        // later history: QUIET comes back in June, STEADY goes on; and a complaint raised after the date
        await ImportAsync(Header + Weekly("QUIET", new(2011, 6, 2), 4, "Q2-") + Weekly("STEADY", new(2011, 6, 1), 4, "S2-"), HistoryFormat.Plain);
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("""
                INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, CreatedUtc, UpdatedUtc)
                SELECT @Id, 'R-LATER', a.Id, 'QualityComplaint', q.Id, 'Broken', 'Open', 'Normal', 'Minor', @Created, @Created
                FROM CustomerAccounts a, TicketQueues q WHERE a.ExternalRef = 'STEADY' AND q.Code = 'Quality'
                """, new { Id = Guid.NewGuid(), Created = new DateTimeOffset(2011, 6, 2, 9, 0, 0, TimeSpan.Zero) });

        var again = (await health.ScoreAsync(asOf, ct: Ct)).Select(Line).ToList();
        Assert.Equal(first, again);
        Assert.StartsWith("QUIET,", first[0]); // riskiest first
        Assert.Contains("True,No order for", first[0]);
        Assert.Contains("STEADY,", first[1]);
        Assert.Contains("Orders steadily", first[1]);
        var later = (await health.ScoreAsync(asOf.AddDays(14), ct: Ct)).Single(s => s.Facts.ExternalRef == "STEADY");
        Assert.Contains("1 complaint open", later.Health.Reasons);

        // the nightly job's store: one row per account and date, however often it runs
        await health.ComputeAndStoreAsync(asOf, Ct);
        var stored = await health.ComputeAndStoreAsync(asOf, Ct);
        var rows = await health.StoredAsync(asOf, Ct);
        Assert.Equal(2, rows.Count);
        var quiet = rows[0];
        Assert.Equal((stored[0].Health.Score, stored[0].Health.Risk, true), (quiet.Score, quiet.Risk, quiet.Silent));
        Assert.StartsWith("No order for", quiet.ReasonList[0]);
    }

    /// <summary>
    /// The whole Online Retail file, where ../shared/data holds it next to the repository (as on CI). Without the file the
    /// test reports itself skipped, naming the file (the project skips the SQL Server pass the same way); the import's
    /// speed is a benchmark figure (health-eval), not asserted here.
    /// </summary>
    [Fact]
    public async Task The_whole_online_retail_file_imports_with_every_quirk_counted()
    {
        var file = Path.GetFullPath(Path.Combine(SqlScriptTests.RepoRoot, "..", "shared", "data", "online-retail.csv.gz"));
        Assert.SkipWhen(!File.Exists(file), $"The Online Retail file is not at {file}: the full import was not run.");

        var result = await db.Get<HistoryImport>().ImportFileAsync(file, HistoryFormat.OnlineRetail, Ct);

        Assert.Equal(541_909, result.RowsRead);
        Assert.Equal(135_080, result.Skipped[HistoryImport.Reasons.NoAccount]);
        Assert.Equal(4_363, result.AccountsCreated);
        Assert.Equal(21_788, result.OrdersCreated);
        Assert.Equal(3_383, result.CancelledOrdersCreated);
        Assert.Equal(399_688, result.LinesCreated);
        Assert.Equal(result.RowsRead, result.LinesCreated + result.SkippedRows);
        var scored = await db.Get<RelationshipHealth>().ScoreAsync(new DateOnly(2011, 6, 1), ct: Ct);
        Assert.Equal(2_761, scored.Count);
        Assert.All(scored, s => Assert.NotEmpty(s.Health.Reasons));
    }
}
