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
}

/// <summary>Builds the MIME message with MimeKit and delivers it with MailKit, or writes it to the pickup folder.</summary>
public sealed class MailKitTransport(MailOptions options) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.ToAddress));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@portal";
        mime.Date = message.CreatedUtc;
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = HtmlText.ToPlainText(message.HtmlBody) }.ToMessageBody();

        if (!string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(options.Smtp.Host, options.Smtp.Port,
                options.Smtp.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(options.Smtp.UserName))
                await client.AuthenticateAsync(options.Smtp.UserName, options.Smtp.Password ?? "", ct);
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(true, ct);
            return;
        }

        var folder = options.PickupDirectory
            ?? throw new InvalidOperationException("Mail is not configured: set Mail:Smtp:Host or Mail:PickupDirectory.");
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, $"{message.CreatedUtc:yyyyMMddHHmmss}-{message.Id:N}.eml");
        var temp = final + ".tmp";
        await mime.WriteToAsync(temp, ct);
        File.Move(temp, final, overwrite: true);
    }
}

public static class HtmlText
{
    /// <summary>A readable plain-text alternative of a simple HTML mail body: links keep their address.</summary>
    public static string ToPlainText(string html)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(html, "<a [^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", "$2 ($1)");
        text = System.Text.RegularExpressions.Regex.Replace(text, "<(br|/p|/h[1-6]|/li)[^>]*>", "\n");
        text = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", "");
        return System.Net.WebUtility.HtmlDecode(text).Trim();
    }
}
