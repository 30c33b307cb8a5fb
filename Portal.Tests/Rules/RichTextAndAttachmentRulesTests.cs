using Portal.Data.Service;
using Portal.Tests.Web.Service;

namespace Portal.Tests.Rules;

public sealed class RichTextAndAttachmentRulesTests
{
    [Fact]
    public void Every_entry_of_the_xss_corpus_is_cleaned_to_the_allow_list()
    {
        foreach (var entry in TicketSteps.Corpus)
        {
            var html = RichText.FromEditor(entry);
            TicketSteps.AssertHarmless($"<div data-testid=\"thread\">{html}</div>", entry);
            Assert.DoesNotMatch("<(?!/?(p|br|strong|b|em|i|ul|ol|li|blockquote|code|pre|a)[ >/])", html);
        }
    }

    [Fact]
    public void The_editors_marks_become_the_allowed_tags_and_links_open_safely()
    {
        var html = RichText.FromEditor("**bold** and *italic*\n\n- one\n- two\n\n> quoted\n\n`code` [site](https://example.com/a) [mail](mailto:a@example.com) [rel](/desk)");
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<em>italic</em>", html);
        Assert.Contains("<ul>", html);
        Assert.Contains("<blockquote>", html);
        Assert.Contains("<code>code</code>", html);
        Assert.Contains("<a href=\"https://example.com/a\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">site</a>", html);
        Assert.Contains("href=\"mailto:a@example.com\"", html);
        Assert.DoesNotContain("href=\"/desk\"", html);
    }

    [Fact]
    public void Plain_text_becomes_escaped_paragraphs()
    {
        Assert.Equal("<p>a &lt;b&gt; c<br>d</p><p>e</p>", RichText.FromPlainText("a <b> c\nd\n\ne"));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "x.png", "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "x.exe", "image/png")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "x", "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "x", "image/webp")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "x.txt", "application/pdf")]
    [InlineData(new byte[] { 0x61, 0x2C, 0x62, 0x0A }, "x.csv", "text/csv")]
    [InlineData(new byte[] { 0xC3, 0xA9, 0x0A }, "x.png", "text/plain")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1 }, "photo.png", null)]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, "photo.png", null)]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, "notes.txt", null)]
    [InlineData(new byte[] { 0xC3, 0x28 }, "notes.txt", null)]
    [InlineData(new byte[0], "empty.txt", null)]
    public void Files_are_recognised_by_their_content_not_their_name(byte[] content, string name, string? type) =>
        Assert.Equal(type, Attachments.Detect(content, name));
}
