using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Portal.Data.Mail;

/// <summary>
/// <c>Mail:From</c>, and either <c>Mail:Smtp:Host</c> (with Port, UserName, Password, StartTls) for a real SMTP server,
/// or <c>Mail:PickupDirectory</c> where each message is written as an .eml file (the embedded default).
/// </summary>
public sealed class MailOptions
{
    public string From { get; set; } = "Customer Portal <portal@supplier.test>";
    public string? PickupDirectory { get; set; }
    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public bool StartTls { get; set; } = true;
    }
}

public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);

    /// <summary>A session that sends several messages over one connection; by default each message is sent on its own.</summary>
    Task<IMailSession> OpenSessionAsync(CancellationToken ct) => Task.FromResult<IMailSession>(new OneByOne(this));

    private sealed class OneByOne(IMailTransport transport) : IMailSession
    {
        public Task SendAsync(OutboxMessage message, CancellationToken ct) => transport.SendAsync(message, ct);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Several messages over one connection (one SMTP session for a batch of the outbox).</summary>
public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// Builds the MIME message with MimeKit and delivers it with MailKit, or writes it to the pickup folder. A session keeps
/// one SMTP connection for all its messages (and connects again if the server dropped it).
/// </summary>
public sealed class MailKitTransport(MailOptions options) : IMailTransport
{
    private bool UsesSmtp => !string.IsNullOrWhiteSpace(options.Smtp.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        await using var session = new Session(this);
        await session.SendAsync(message, ct);
    }

    public Task<IMailSession> OpenSessionAsync(CancellationToken ct) => Task.FromResult<IMailSession>(new Session(this));

    private MimeMessage Build(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.ToAddress));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@portal";
        mime.Date = message.CreatedUtc;
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = HtmlText.ToPlainText(message.HtmlBody) }.ToMessageBody();
        return mime;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port,
                options.Smtp.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(options.Smtp.UserName))
                await client.AuthenticateAsync(options.Smtp.UserName, options.Smtp.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task WriteToPickupAsync(MimeMessage mime, OutboxMessage message, CancellationToken ct)
    {
        var folder = options.PickupDirectory
            ?? throw new InvalidOperationException("Mail is not configured: set Mail:Smtp:Host or Mail:PickupDirectory.");
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, $"{message.CreatedUtc:yyyyMMddHHmmss}-{message.Id:N}.eml");
        var temp = final + ".tmp";
        await mime.WriteToAsync(temp, ct);
        File.Move(temp, final, overwrite: true);
    }

    private sealed class Session(MailKitTransport transport) : IMailSession
    {
        private SmtpClient? _client;

        public async Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            var mime = transport.Build(message);
            if (!transport.UsesSmtp)
            {
                await transport.WriteToPickupAsync(mime, message, ct);
                return;
            }
            if (_client is not { IsConnected: true })
            {
                _client?.Dispose();
                _client = null;
                _client = await transport.ConnectAsync(ct);
            }
            await _client.SendAsync(mime, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null) return;
            try
            {
                if (_client.IsConnected) await _client.DisconnectAsync(true);
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}

public static partial class HtmlText
{
    /// <summary>A readable plain-text alternative of a simple HTML mail body: links keep their address.</summary>
    public static string ToPlainText(string html)
    {
        var text = Link().Replace(html, "$2 ($1)");
        text = LineEnd().Replace(text, "\n");
        text = Tag().Replace(text, "");
        return System.Net.WebUtility.HtmlDecode(text).Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex("<a [^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>")]
    private static partial System.Text.RegularExpressions.Regex Link();

    [System.Text.RegularExpressions.GeneratedRegex("<(br|/p|/h[1-6]|/li)[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex LineEnd();

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]+>")]
    private static partial System.Text.RegularExpressions.Regex Tag();
}
