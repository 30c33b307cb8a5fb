namespace Portal.Data;

/// <summary>Field-level problems with a request: the field's name and a sentence a person can act on.</summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    public bool Any => Count > 0;

    public FieldErrors Add(bool failed, string field, string message)
    {
        if (failed && !ContainsKey(field)) this[field] = message;
        return this;
    }
}

/// <summary>The outcome of a change: the value, or the field errors that stopped it.</summary>
public sealed record Outcome<T>(T? Value, FieldErrors Errors)
{
    public bool Succeeded => !Errors.Any;
    public static Outcome<T> Ok(T value) => new(value, []);
    public static Outcome<T> Failed(FieldErrors errors) => new(default, errors);
    public static Outcome<T> Failed(string field, string message) => new(default, new FieldErrors { [field] = message });
}
