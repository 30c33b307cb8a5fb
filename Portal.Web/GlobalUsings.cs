global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Portal.Data;
global using Portal.Data.Accounts;
global using Portal.Web.Infrastructure;
