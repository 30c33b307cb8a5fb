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
    public async Task Three_drains_at_once_send_every_message_exactly_once()
    {
        var outbox = db.Get<MailOutbox>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        for (var i = 0; i < 90; i++) ids.Add(await outbox.QueueAsync($"drain{i}-{tag}@example.test", $"Drain {i}", "<p>x</p>"));

        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => outbox.SendDueAsync(batch: 10))));

        Assert.True(sent.Sum() >= 90, $"sent {string.Join(" + ", sent)}");
        for (var i = 0; i < 90; i++) Assert.Single(Files($"drain{i}-{tag}@example.test"));
        foreach (var id in ids) Assert.NotNull((await outbox.GetAsync(id))!.SentUtc);
        Assert.Equal(0, await outbox.SendDueAsync());
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

/// <summary>A mail server that takes a moment per message and remembers what it got, and over how many connections.</summary>
public sealed class RecordingTransport : IMailTransport
{
    public System.Collections.Concurrent.ConcurrentQueue<Guid> Sent { get; } = new();
    public int Sessions => _sessions;
    private int _sessions;

    public Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Sent.Enqueue(message.Id);
        return Task.CompletedTask;
    }

    public Task<IMailSession> OpenSessionAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _sessions);
        return Task.FromResult<IMailSession>(new Session(this));
    }

    private sealed class Session(RecordingTransport transport) : IMailSession
    {
        public async Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            await Task.Delay(2, ct);
            transport.Sent.Enqueue(message.Id);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class SqliteDatabaseWithRecordingMailServer : ProviderDatabase
{
    public RecordingTransport Transport { get; } = new();

    protected override Portal.Data.Db.DatabaseOptions Create() =>
        Portal.Data.Db.DatabaseOptions.From("Sqlite", $"Data Source={Path.Combine(Folder, "portal.db")}", Folder);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IMailTransport>(Transport);
}

public sealed class MailBatchFacts(SqliteDatabaseWithRecordingMailServer db) : IClassFixture<SqliteDatabaseWithRecordingMailServer>
{
    [Fact]
    public async Task A_drain_sends_each_batch_over_one_connection_and_two_drains_at_once_send_each_message_once()
    {
        var outbox = db.Get<MailOutbox>();
        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++) ids.Add(await outbox.QueueAsync($"batch{i}@example.test", $"Batch {i}", "<p>x</p>"));
        Assert.Equal(60, await outbox.SendDueAsync(batch: 25));
        Assert.Equal(3, db.Transport.Sessions); // 25 + 25 + 10, not one connection per message
        Assert.Equal(ids.Order(), db.Transport.Sent.Order());

        db.Transport.Sent.Clear();
        ids.Clear();
        for (var i = 0; i < 200; i++) ids.Add(await outbox.QueueAsync($"twice{i}@example.test", $"Twice {i}", "<p>x</p>"));
        var sent = await Task.WhenAll(Task.Run(() => outbox.SendDueAsync(batch: 10)), Task.Run(() => outbox.SendDueAsync(batch: 10)));
        Assert.Equal(200, sent.Sum());
        Assert.Equal(ids.Order(), db.Transport.Sent.Order()); // every message, none twice
        foreach (var id in ids) Assert.Equal(1, (await outbox.GetAsync(id))!.Attempts);
    }
}

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
