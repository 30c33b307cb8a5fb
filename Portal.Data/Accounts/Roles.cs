namespace Portal.Data.Accounts;

/// <summary>The six roles. Customer roles belong to users of a customer account, supplier roles to the supplier's staff.</summary>
public static class Roles
{
    public const string Buyer = "Buyer";
    public const string Approver = "Approver";
    public const string CustomerAdmin = "CustomerAdmin";
    public const string DeskAgent = "DeskAgent";
    public const string AccountManager = "AccountManager";
    public const string SupplierAdmin = "SupplierAdmin";

    public static readonly IReadOnlyList<string> Customer = [Buyer, Approver, CustomerAdmin];
    public static readonly IReadOnlyList<string> Supplier = [DeskAgent, AccountManager, SupplierAdmin];

    /// <summary>Supplier roles as one comma-separated string, for [Authorize(Roles = ...)].</summary>
    public const string AnySupplier = DeskAgent + "," + AccountManager + "," + SupplierAdmin;

    public static bool IsCustomerRole(string role) => Customer.Contains(role);
    public static bool IsSupplierRole(string role) => Supplier.Contains(role);

    /// <summary>Roles a user of this kind may hold; anything else is refused.</summary>
    public static IReadOnlyList<string> AllowedFor(bool supplierUser) => supplierUser ? Supplier : Customer;
}
