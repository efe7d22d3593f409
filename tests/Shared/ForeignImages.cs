namespace IsoBuild.Testing;

/// <summary>Images of a source tree written by other tools: xorriso, genisoimage and pycdlib.</summary>
public static class ForeignImages
{
    /// <summary><c>xorriso -as mkisofs</c>: deep directories stay in place.</summary>
    public static string Xorriso(string source, string output, bool rockRidge = true, bool joliet = true, params string[] extra)
    {
        var args = new List<string> { "-as", "mkisofs", "-quiet" };
        if (rockRidge)
            args.Add("-R");
        if (joliet)
            args.Add("-J");
        args.AddRange(extra);
        args.AddRange(["-o", output, source]);
        ExternalTool.Run("xorriso", args).EnsureSuccess();
        return output;
    }

    /// <summary>xorriso without its deep_paths relaxation: directories deeper than 8 levels move to rr_moved (RRIP CL/PL/RE).</summary>
    public static string XorrisoRelocating(string source, string output)
    {
        ExternalTool.Run("xorriso", "-compliance", "clear:only_iso_version:long_paths:no_j_force_dots:always_gmt:old_rr",
            "-rr_reloc_dir", "rr_moved", "-joliet", "on", "-outdev", output, "-map", source, "/").EnsureSuccess();
        return output;
    }

    /// <summary>genisoimage; with Rock Ridge and without -D it relocates deep directories to rr_moved.</summary>
    public static string Genisoimage(string source, string output, bool rockRidge = true, bool joliet = true)
    {
        var args = new List<string> { "-quiet" };
        if (rockRidge)
            args.Add("-R");
        if (joliet)
            args.AddRange(["-J", "-joliet-long"]);
        args.AddRange(["-o", output, source]);
        ExternalTool.Run("genisoimage", args).EnsureSuccess();
        return output;
    }

    private const string PycdlibScript = """
import os, sys, pycdlib
src, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
rr = mode == 'rr'
iso = pycdlib.PyCdlib()
if rr:
    iso.new(interchange_level=4, rock_ridge='1.09', joliet=3, vol_ident='PYCDLIB')
else:
    iso.new(interchange_level=1, joliet=3, vol_ident='WINDOWS_STYLE')
n = [0]
fps = []
def ident(d):
    n[0] += 1
    return ('D%06d' % n[0]) if d else ('F%06d.;1' % n[0])
def walk(path, idir, jdir):
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        jp = jdir.rstrip('/') + '/' + name
        if os.path.islink(full):
            iso.add_symlink(symlink_path=idir.rstrip('/') + '/' + ident(False), rr_symlink_name=name, rr_path=os.readlink(full))
        elif os.path.isdir(full):
            ip = idir.rstrip('/') + '/' + ident(True)
            if rr: iso.add_directory(ip, rr_name=name, joliet_path=jp)
            else: iso.add_directory(ip, joliet_path=jp)
            walk(full, ip, jp)
        else:
            ip = idir.rstrip('/') + '/' + ident(False)
            fp = open(full, 'rb'); fps.append(fp)
            if rr: iso.add_fp(fp, os.path.getsize(full), ip, rr_name=name, joliet_path=jp, file_mode=os.stat(full).st_mode & 0o7777)
            else: iso.add_fp(fp, os.path.getsize(full), ip, joliet_path=jp)
walk(src, '/', '/')
iso.write(out)
iso.close()
""";

    /// <summary>pycdlib: Rock Ridge 1.09 + Joliet, or (rockRidge false) a Joliet-only "Windows-style" image with 8.3 ISO names.</summary>
    public static string Pycdlib(string source, string output, bool rockRidge)
    {
        ExternalTool.Python(PycdlibScript, source, output, rockRidge ? "rr" : "joliet").EnsureSuccess();
        return output;
    }
}
