global using Hangfire;
global using Portal.Data;
global using Portal.Data.Db;
