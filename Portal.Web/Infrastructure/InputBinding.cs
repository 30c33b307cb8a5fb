using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Model binding that keeps absurd form and query values from reaching the portal's code as values it cannot use:
/// a date outside <see cref="MinYear"/>–<see cref="MaxYear"/> (9999-12-31 and friends, which overflow as soon as a day
/// is added or a time zone applied) is a field error and binds as no value; a checkbox or flag that is not true/false
/// (a crafted post: no browser sends "maybe") binds as false, so the form can be shown again instead of failing.
/// </summary>
public sealed class InputBindingProvider : IModelBinderProvider
{
    public const int MinYear = 1900;
    public const int MaxYear = 2199;

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type != typeof(DateOnly) && type != typeof(DateTime) && type != typeof(DateTimeOffset) && type != typeof(bool)) return null;
        var inner = new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>());
        return type == typeof(bool) ? new FlagBinder(inner) : new DateBinder(inner);
    }

    private sealed class DateBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (!context.Result.IsModelSet) return;
            var year = context.Result.Model switch
            {
                DateOnly d => d.Year,
                DateTime d => d.Year,
                DateTimeOffset d => d.Year,
                _ => (int?)null,
            };
            if (year is null or (>= MinYear and <= MaxYear)) return;
            context.ModelState.TryAddModelError(context.ModelName, $"Enter a date between {MinYear} and {MaxYear}.");
            context.Result = ModelBindingResult.Failed();
        }
    }

    private sealed class FlagBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (context.Result.IsModelSet || context.ModelState[context.ModelName] is not { Errors.Count: > 0 }) return;
            context.ModelState.Remove(context.ModelName);
            context.ModelState.SetModelValue(context.ModelName, rawValue: null, attemptedValue: null);
            context.Result = ModelBindingResult.Success(Nullable.GetUnderlyingType(context.ModelType) is null ? false : null);
        }
    }
}
