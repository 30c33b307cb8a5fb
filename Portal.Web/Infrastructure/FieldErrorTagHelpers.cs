using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Ties a server-side error to its field for assistive technology (WCAG 3.3.1): a field bound with <c>asp-for</c> whose
/// value was refused gets <c>aria-invalid="true"</c> and <c>aria-describedby</c> naming its message, and the message
/// (<c>asp-validation-for</c>) gets the id <c>{field id}-error</c>. site.js moves focus to the first such field.
/// Fields that are not bound with <c>asp-for</c> (rows of a table) use <see cref="FieldErrors"/> through
/// <c>aria-invalid</c>/<c>aria-describedby</c> themselves, with <see cref="ErrorId"/>.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class FieldInvalidTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)] public ModelExpression For { get; set; } = null!;
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    // after the framework's own tag helpers (which write id and name)
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;
        var id = output.Attributes["id"]?.Value?.ToString() ?? TagBuilder.CreateSanitizedId(name, "_");
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? ErrorId(id) : $"{ErrorId(id)} {described}");
    }

    /// <summary>The id of a field's error message.</summary>
    public static string ErrorId(string fieldId) => fieldId + "-error";
}

/// <summary>Gives a field's error message (<c>asp-validation-for</c>) the id its field points at.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
[HtmlTargetElement("div", Attributes = "asp-validation-for")]
public sealed class FieldErrorIdTagHelper : TagHelper
{
    [HtmlAttributeName("asp-validation-for")] public ModelExpression For { get; set; } = null!;
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.ContainsName("id")) return;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        output.Attributes.SetAttribute("id", FieldInvalidTagHelper.ErrorId(TagBuilder.CreateSanitizedId(name, "_")));
    }
}
