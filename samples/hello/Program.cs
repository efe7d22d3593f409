Console.WriteLine("Hello from an ISO image built by IsoBuild.");
