using System.Globalization;

namespace Portal.Data.Db;

/// <summary>
/// Explicit conversions for the types SQLite has no column type for. GUIDs travel as text (SQL Server converts the
/// text to uniqueidentifier implicitly), instants as UTC date-times, decimals as decimals (Microsoft.Data.Sqlite
/// stores them as exact TEXT). Reading accepts what each provider returns.
/// </summary>
public static class TypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        // Dapper's built-in type map wins over handlers, so these types leave the map first
        foreach (var type in new[] { typeof(Guid), typeof(Guid?), typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(decimal), typeof(decimal?), typeof(DateOnly), typeof(DateOnly?) })
            SqlMapper.RemoveTypeMap(type);
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new DecimalHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.AnsiString;
            parameter.Size = 36;
            parameter.Value = value.ToString("D");
        }

        public override Guid Parse(object value) => Column.ToGuid(value);
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTime2;
            parameter.Value = value.UtcDateTime;
        }

        public override DateTimeOffset Parse(object value) => Column.ToInstant(value);
    }

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            parameter.DbType = DbType.Decimal;
            parameter.Value = value;
        }

        public override decimal Parse(object value) => value switch
        {
            decimal d => d,
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            long l => l,
            int i => i,
            double => throw new DataException("A money or quantity column came back as floating point; declare it TEXT in SQLite."),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => Column.ToDate(value);
    }
}
