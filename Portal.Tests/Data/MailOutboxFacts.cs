using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Mail;

namespace Portal.Tests.Data;

public abstract class MailOutboxFacts(ProviderDatabase db)
{
    private string[] Files(string to) => Directory.Exists(db.MailFolder)
        ? Directory.GetFiles(db.MailFolder, "*.eml").Where(f => File.ReadAllText(f).Contains(to)).ToArray()
        : [];

    [Fact]
    public async Task Sending_the_same_message_twice_delivers_it_once()
    {
        var outbox = db.Get<MailOutbox>();
        var to = $"once{Guid.NewGuid():N}@example.test";
        var id = await outbox.QueueAsync(to, "Hello", "<p>Hello <a href=\"https://x.test/a\">link</a></p>");
        Assert.True(await outbox.SendAsync(id));
        Assert.False(await outbox.SendAsync(id));
        Assert.Single(Files(to));
        Assert.NotNull((await outbox.GetAsync(id))!.SentUtc);
        var text = Portal.Tests.Web.Mails.Decode(File.ReadAllText(Files(to)[0]));
        Assert.Contains("link (https://x.test/a)", text);
    }

    [Fact]
    public async Task The_sweep_sends_everything_waiting()
    {
        var outbox = db.Get<MailOutbox>();
        var to = $"sweep{Guid.NewGuid():N}@example.test";
        for (var i = 0; i < 3; i++) await outbox.QueueAsync(to, $"Message {i}", "<p>x</p>");
        Assert.True(await outbox.SendDueAsync() >= 3);
        Assert.Equal(3, Files(to).Length);
        Assert.Equal(0, await outbox.SendDueAsync());
    }
}

public sealed class MailOutboxFacts_Sqlite(SqliteDatabase db) : MailOutboxFacts(db), IClassFixture<SqliteDatabase>;
public sealed class MailOutboxFacts_SqlServer(SqlServerDatabase db) : MailOutboxFacts(db), IClassFixture<SqlServerDatabase>;

/// <summary>A mail server that is down.</summary>
public sealed class FailingTransport : IMailTransport
{
    public Task SendAsync(OutboxMessage message, CancellationToken ct) => throw new IOException("SMTP server not reachable");
}

public sealed class SqliteDatabaseWithoutMailServer : ProviderDatabase
{
    protected override Portal.Data.Db.DatabaseOptions Create() =>
        Portal.Data.Db.DatabaseOptions.From("Sqlite", $"Data Source={Path.Combine(Folder, "portal.db")}", Folder);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IMailTransport, FailingTransport>();
}

public sealed class MailServerDownFacts(SqliteDatabaseWithoutMailServer db) : IClassFixture<SqliteDatabaseWithoutMailServer>
{
    [Fact]
    public async Task A_failed_send_is_recorded_and_the_message_stays_queued_for_the_next_sweep()
    {
        var outbox = db.Get<MailOutbox>();
        var id = await outbox.QueueAsync("down@example.test", "Hello", "<p>x</p>");
        await Assert.ThrowsAsync<IOException>(() => outbox.SendAsync(id));
        var message = await outbox.GetAsync(id);
        Assert.Null(message!.SentUtc);
        Assert.Equal("SMTP server not reachable", message.LastError);
        Assert.Equal(1, message.Attempts);
        Assert.Equal(0, await outbox.SendDueAsync());
        Assert.Equal(2, (await outbox.GetAsync(id))!.Attempts);
    }
}
