namespace Portal.Benchmarks;

public static class ScheduleBench
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
