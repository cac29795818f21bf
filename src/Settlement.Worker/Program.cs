using Settlement.Worker.Cli;

return SettleCli.Run(args);
