using IsoBuild.Tool;

return await IsoCommandLine.InvokeAsync(args, Console.Out, Console.Error);
