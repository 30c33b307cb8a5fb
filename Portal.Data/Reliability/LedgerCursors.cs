using System.Buffers.Text;
using System.Data.SqlTypes;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Data.Reliability;

/// <summary>
/// A statement's rows in order id order (column 0), read one order at a time by the nightly refresh. The order being
/// merged is the one whose id a cursor holds (<see cref="Hold"/>, the lines' cursor); the other streams are brought to it
/// with <see cref="At"/>. Values are read by column index, without a string or a boxed value where the database allows.
/// </summary>
internal abstract class LedgerCursor : IAsyncDisposable
{
    public bool HasRow { get; protected set; }

    public abstract void Next();

    /// <summary>Keeps the current row's order id as the order being merged.</summary>
    public abstract void Hold();

    /// <summary>The current row's order id against the one <paramref name="holder"/> holds (a cursor of the same kind).</summary>
    protected abstract int CompareTo(LedgerCursor holder);

    /// <summary>True while the current row belongs to the order <paramref name="holder"/> holds.</summary>
    public bool In(LedgerCursor holder) => HasRow && CompareTo(holder) == 0;

    /// <summary>
    /// True while the row belongs to the order <paramref name="holder"/> holds; rows of orders before it (none: the
    /// foreign keys see to that) are passed over rather than holding up the stream.
    /// </summary>
    public bool At(LedgerCursor holder)
    {
        for (; HasRow; Next())
            if (CompareTo(holder) is var order and >= 0) return order == 0;
        return false;
    }

    public abstract bool IsNull(int i);
    public abstract int Int32(int i);
    public abstract long Int64(int i);
    public abstract Guid Guid(int i);
    public abstract DateOnly Date(int i);
    public abstract DateTimeOffset Instant(int i);
    public abstract string String(int i);

    /// <summary>A text column's characters, valid until the same column is read again this way.</summary>
    public abstract ReadOnlySpan<char> Chars(int i);

    /// <summary>A text column, made as a string only when it differs from <paramref name="cached"/> (which then holds it).</summary>
    public abstract string Text(int i, ref CachedText? cached);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A text as a string and as the bytes it was read from (UTF-8 on SQLite; none from other databases).</summary>
internal sealed record CachedText(string Text, byte[] Utf8);

/// <summary>Through a <see cref="DbDataReader"/> (SQL Server: uniqueidentifier ids in their own order).</summary>
internal sealed class ReaderCursor : LedgerCursor
{
    private readonly DbDataReader reader;
    private readonly Comparison<object> inOrder;
    private object? key, held;

    private ReaderCursor(DbDataReader reader, Comparison<object> inOrder) => (this.reader, this.inOrder, HasRow) = (reader, inOrder, reader.Read());

    public static async Task<LedgerCursor> OpenAsync(DbConnection c, string statement, object args, bool sqlite, CancellationToken ct)
    {
        Comparison<object> inOrder = sqlite
            ? (a, b) => string.CompareOrdinal((string)a, (string)b)  // ids as text, compared byte by byte
            : (a, b) => new SqlGuid((Guid)a).CompareTo(new SqlGuid((Guid)b)); // uniqueidentifier's own order
        // no time limit: a night's scan of the whole ledger
        return new ReaderCursor(await c.ExecuteReaderAsync(new CommandDefinition(statement, args, commandTimeout: 0, cancellationToken: ct)), inOrder);
    }

    private object Key => key ??= reader.GetValue(0);

    public override void Next()
    {
        HasRow = reader.Read(); // synchronous: no task per row
        key = null;
    }

    public override void Hold() => held = Key;
    protected override int CompareTo(LedgerCursor holder) => inOrder(Key, ((ReaderCursor)holder).held!);
    public override bool IsNull(int i) => reader.IsDBNull(i);
    public override int Int32(int i) => reader.GetInt32(i);
    public override long Int64(int i) => reader.GetInt64(i);
    public override Guid Guid(int i) => Column.Guid(reader, i);
    public override DateOnly Date(int i) => Column.Date(reader, i);
    public override DateTimeOffset Instant(int i) => Column.Instant(reader, i);
    public override string String(int i) => reader.GetString(i);
    public override ReadOnlySpan<char> Chars(int i) => reader.GetString(i);

    public override string Text(int i, ref CachedText? cached)
    {
        var text = reader.GetString(i);
        if (cached is null || cached.Text != text) cached = new CachedText(text, []);
        return cached.Text;
    }
    public override ValueTask DisposeAsync() => reader.DisposeAsync();
}

/// <summary>
/// Straight through SQLite's own API on the connection's handle (SQLitePCLRaw, under Microsoft.Data.Sqlite): ids compared
/// as the bytes SQLite keeps (its BINARY order), numbers read as numbers, text decoded only when asked for.
/// </summary>
internal sealed class SqliteCursor : LedgerCursor, IHoldsBytes
{
    private readonly sqlite3_stmt statement;
    private readonly char[][] chars;
    private byte[] held = new byte[64];
    private int heldLength;

    private SqliteCursor(sqlite3_stmt statement)
    {
        this.statement = statement;
        chars = new char[raw.sqlite3_column_count(statement)][];
        Next();
    }

    /// <summary>Prepares <paramref name="sql"/> on the connection with text parameters (by name, "@From") and reads its first row.</summary>
    public static SqliteCursor Open(DbConnection connection, string sql, params (string Name, string Value)[] args)
    {
        var handle = ((SqliteConnection)connection).Handle!;
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        foreach (var (name, value) in args)
            if (raw.sqlite3_bind_parameter_index(statement, name) is var at and > 0) Check(handle, raw.sqlite3_bind_text(statement, at, value));
        return new SqliteCursor(statement);
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
    }

    public override void Next()
    {
        var rc = raw.sqlite3_step(statement);
        HasRow = rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw new SqliteException(raw.sqlite3_errmsg(raw.sqlite3_db_handle(statement)).utf8_to_string(), rc),
        };
    }

    /// <summary>The bytes of a column as SQLite keeps them (text: UTF-8).</summary>
    public ReadOnlySpan<byte> Bytes(int i) => raw.sqlite3_column_blob(statement, i);

    public override void Hold()
    {
        var key = Bytes(0);
        if (key.Length > held.Length) held = new byte[key.Length];
        key.CopyTo(held);
        heldLength = key.Length;
    }

    public ReadOnlySpan<byte> Held => held.AsSpan(0, heldLength);

    protected override int CompareTo(LedgerCursor holder) => Bytes(0).SequenceCompareTo(((IHoldsBytes)holder).Held);

    public override bool IsNull(int i) => raw.sqlite3_column_type(statement, i) == raw.SQLITE_NULL;
    public override int Int32(int i) => raw.sqlite3_column_int(statement, i);
    public override long Int64(int i) => raw.sqlite3_column_int64(statement, i);

    public override Guid Guid(int i) => raw.sqlite3_column_type(statement, i) == raw.SQLITE_BLOB && Bytes(i) is { Length: 16 } b
        ? new Guid(b)
        : Column.ToGuid(Bytes(i));

    public override DateOnly Date(int i) => Column.ToDate(Bytes(i));
    public override DateTimeOffset Instant(int i) => Column.ToInstant(Bytes(i));
    public override string String(int i) => Encoding.UTF8.GetString(Bytes(i));

    public override ReadOnlySpan<char> Chars(int i)
    {
        var bytes = Bytes(i);
        ref var buffer = ref chars[i];
        if (buffer is null || buffer.Length < bytes.Length) buffer = new char[Math.Max(64, bytes.Length)]; // UTF-8 never has fewer bytes than chars
        return buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
    }

    public override string Text(int i, ref CachedText? cached)
    {
        var bytes = Bytes(i);
        if (cached is null || !bytes.SequenceEqual(cached.Utf8)) cached = new CachedText(Encoding.UTF8.GetString(bytes), bytes.ToArray());
        return cached.Text;
    }

    public override ValueTask DisposeAsync()
    {
        statement.Dispose(); // sqlite3_finalize
        return ValueTask.CompletedTask;
    }
}

/// <summary>A SQLite cursor's held order id, as SQLite keeps it.</summary>
internal interface IHoldsBytes
{
    ReadOnlySpan<byte> Held { get; }
}

/// <summary>
/// Order lines with their stored figures (columns 6 on, null when none are stored): two SQLite streams in (order id, line
/// number) order merged here, in place of a LEFT JOIN that would search the stored lines' index once per line.
/// </summary>
internal sealed class SqliteLinesCursor : LedgerCursor, IHoldsBytes
{
    private readonly SqliteCursor lines, stored;
    private readonly int split;
    private bool matched;

    /// <param name="split">How many columns come from <paramref name="lines"/> (the stored lines' first two are their key).</param>
    public SqliteLinesCursor(SqliteCursor lines, SqliteCursor stored, int split)
    {
        (this.lines, this.stored, this.split) = (lines, stored, split);
        Match();
    }

    private void Match()
    {
        HasRow = lines.HasRow;
        matched = false;
        if (!HasRow) return;
        var key = lines.Bytes(0);
        var line = lines.Int64(1);
        while (stored.HasRow)
        {
            var order = stored.Bytes(0).SequenceCompareTo(key);
            if (order == 0) order = stored.Int64(1).CompareTo(line);
            if (order > 0) return;
            if (order == 0) { matched = true; return; }
            stored.Next(); // figures of a line that is gone (deleted with the orphans)
        }
    }

    public override void Next()
    {
        lines.Next();
        Match();
    }

    public override void Hold() => lines.Hold();
    protected override int CompareTo(LedgerCursor holder) => lines.Bytes(0).SequenceCompareTo(((IHoldsBytes)holder).Held);
    public ReadOnlySpan<byte> Held => lines.Held;

    private SqliteCursor Of(int i, out int at)
    {
        if (i < split) { at = i; return lines; }
        at = i - split + 2;
        return stored;
    }

    public override bool IsNull(int i) => i >= split && !matched || Of(i, out var at).IsNull(at);
    public override int Int32(int i) => Of(i, out var at).Int32(at);
    public override long Int64(int i) => Of(i, out var at).Int64(at);
    public override Guid Guid(int i) => Of(i, out var at).Guid(at);
    public override DateOnly Date(int i) => Of(i, out var at).Date(at);
    public override DateTimeOffset Instant(int i) => Of(i, out var at).Instant(at);
    public override string String(int i) => Of(i, out var at).String(at);
    public override ReadOnlySpan<char> Chars(int i) => Of(i, out var at).Chars(at);
    public override string Text(int i, ref CachedText? cached) => Of(i, out var at).Text(at, ref cached);

    public override async ValueTask DisposeAsync()
    {
        await lines.DisposeAsync();
        await stored.DisposeAsync();
    }
}
