using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;

namespace Portal.Tests.Web;

public sealed class HealthAndJobsTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Health_answers_200_when_the_database_answers()
    {
        var response = await app.NewClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bootstrap_is_served_by_the_portal_itself_so_offices_that_block_the_internet_still_get_a_styled_page()
    {
        var client = app.NewClient();
        var login = await client.GetPageAsync("/Identity/Account/Login");
        var links = System.Text.RegularExpressions.Regex.Matches(login, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(links, l => l.Contains("bootstrap"));
        Assert.All(links, l => Assert.StartsWith("/", l));
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answers {(int)response.StatusCode}");
            Assert.Equal(link.EndsWith(".css") ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{link} has content");
        }
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_supplier_admins_only()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var recurring = await admin.GetPageAsync("/desk/jobs/recurring");
        Assert.Contains("mail-outbox", recurring);

        foreach (var email in new[] { "desk@supplier.test", "manager@supplier.test", "admin@northwind.test" })
        {
            var response = await (await app.SignedInAsync(email)).GetAsync("/desk/jobs");
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, email);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }
}

/// <summary>The same portal whose database has gone away after start-up.</summary>
public sealed class PortalWithoutDatabase : PortalApp
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DemoData", "false");
        builder.ConfigureTestServices(services => services.AddSingleton<ConnectionFactory>(
            new SqliteConnectionFactory($"Data Source={Path.Combine(Folder, "gone", "portal.db")};Mode=ReadWrite")));
    }
}

public sealed class HealthWithoutDatabaseTests(PortalWithoutDatabase app) : IClassFixture<PortalWithoutDatabase>
{
    [Fact]
    public async Task Health_answers_503_when_the_database_does_not_and_reveals_nothing()
    {
        var response = await app.NewClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("Unhealthy", body);
        Assert.DoesNotContain("gone", body);
    }
}
