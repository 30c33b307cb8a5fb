using System.Text;

namespace Portal.Data.Service;

/// <summary>A file someone adds to a message, as received (name as sent, bytes read in full).</summary>
/// <param name="TooLargeBytes">Set instead of reading a file past the limit: its size.</param>
public sealed record UploadedFile(string? FileName, byte[] Content, long? TooLargeBytes = null);

/// <summary>A stored attachment's facts (without its bytes).</summary>
public sealed record TicketAttachment
{
    public Guid Id { get; init; }
    public Guid TicketId { get; init; }
    public Guid MessageId { get; init; }
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public int Size { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>An attachment with its bytes, for download.</summary>
public sealed record AttachmentContent(TicketAttachment Attachment, byte[] Content);

/// <summary>
/// What may be attached to a request's message: at most 5 files of at most 10 MB each, photos (JPEG, PNG, GIF, WebP), PDF,
/// CSV and plain text, recognised by their content (the first bytes; text is valid UTF-8 without NUL characters), never by
/// their name or the type the browser claims. One bad file refuses the whole message: nothing is stored.
/// </summary>
public static class Attachments
{
    public const int MaxFiles = 5;
    public const int MaxBytes = 10 * 1024 * 1024;
    /// <summary>Five files at the limit plus the form's text: the request size the web server accepts for a message.</summary>
    public const long MaxRequestBytes = MaxFiles * (long)MaxBytes + 2 * 1024 * 1024;

    public const string Accept = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.csv,.txt,image/jpeg,image/png,image/gif,image/webp,application/pdf,text/csv,text/plain";

    /// <summary>The content type the bytes show, or null when they are none of the kinds allowed.</summary>
    public static string? Detect(ReadOnlySpan<byte> b, string? fileName = null)
    {
        if (b.Length == 0) return null;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return "image/gif";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (b.StartsWith("%PDF-"u8)) return "application/pdf";
        if (IsText(b))
            return fileName is not null && fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "text/plain";
        return null;
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Valid UTF-8 without NUL characters (a program or an image is neither).</summary>
    public static bool IsText(ReadOnlySpan<byte> b)
    {
        // no NUL and no other control character but tab, line feed, form feed and carriage return (programs are full of them)
        foreach (var x in b)
            if (x < 0x20 && x is not (0x09 or 0x0A or 0x0C or 0x0D) || x == 0x7F) return false;
        try
        {
            Strict.GetCharCount(b);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The name shown and sent on download: no folders, no control characters, at most the column's length.</summary>
    public static string CleanName(string? name, string contentType)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(bare.Where(c => !TextRules.IsControl(c, multiLine: false) && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        if (clean.Length == 0) clean = "attachment" + Extension(contentType);
        return clean.Length <= TextLimits.TicketAttachments.FileName ? clean : TextLimits.Cut(clean, TextLimits.TicketAttachments.FileName);
    }

    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "text/csv" => ".csv",
        _ => ".txt",
    };

    /// <summary>Checks the files of one message; the field errors say which file and why (under <paramref name="field"/>).</summary>
    public static (IReadOnlyList<(string Name, string ContentType, byte[] Content)> Files, string? Problem) Check(IReadOnlyList<UploadedFile>? files)
    {
        var list = (files ?? []).Where(f => f is not null && !(f.Content.Length == 0 && f.TooLargeBytes is null && string.IsNullOrEmpty(f.FileName))).ToList();
        if (list.Count > MaxFiles)
            return ([], $"Attach at most {MaxFiles} files to one message; you chose {list.Count}.");
        var accepted = new List<(string, string, byte[])>();
        foreach (var f in list)
        {
            var name = string.IsNullOrWhiteSpace(f.FileName) ? "a file" : Path.GetFileName(f.FileName);
            var size = f.TooLargeBytes ?? f.Content.Length;
            if (size > MaxBytes) return ([], $"{name} is {size / 1024.0 / 1024.0:0.0} MB; each file can be at most 10 MB.");
            if (size == 0) return ([], $"{name} is empty. Choose the file again, or leave it out.");
            var type = Detect(f.Content, f.FileName);
            if (type is null)
                return ([], $"{name} is not a photo (JPEG, PNG, GIF, WebP), a PDF, a CSV or a text file, whatever its name says; it was not attached. Attach one of those kinds.");
            accepted.Add((CleanName(f.FileName, type), type, f.Content));
        }
        return (accepted, null);
    }
}
