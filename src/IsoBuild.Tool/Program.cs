using IsoBuild.Interop;
using System.Runtime.InteropServices;
using IsoBuild.Tool;

FileSizeLimit.ReportInsteadOfDying();

// Ctrl+C and SIGTERM cancel the running command, which then reports ISO0016, removes its temporary file and exits
// with 130; the previous image is never touched.
using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

return await IsoCommandLine.InvokeAsync(args, Console.Out, Console.Error, cancellation.Token);
