global using System.Data;
global using System.Data.Common;
global using Dapper;
global using Portal.Data.Db;
