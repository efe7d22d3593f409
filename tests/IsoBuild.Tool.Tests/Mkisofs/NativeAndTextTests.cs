using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>Native xorriso commands around -as mkisofs, and what -help and -version print.</summary>
public class NativeAndTextTests
{
    [Fact]
    public void Harmless_native_commands_before_and_after_the_mkisofs_run_are_accepted()
    {
        MkisofsRequest r = Argv.Parse("xorriso -no_rc --report-about sorry -abort_on FAILURE -as mkisofs -R dir -- -report_about NOTE -end -outdev never-read");
        Assert.Equal(MkisofsEntryPoint.Xorriso, r.EntryPoint);
        Assert.True(r.Native.NoRc);
        Assert.Equal("NOTE", r.Native.ReportAbout); // the later one
        Assert.Equal("FAILURE", r.Native.AbortOn);
        Assert.Equal(["-no_rc", "--report-about", "-abort_on", "-report_about", "-end"], r.Native.Commands);
        Assert.Equal("dir", Assert.Single(r.Pathspecs).Source);
    }

    [Fact]
    public void The_mkisofs_door_reads_native_commands_after_double_dash()
    {
        MkisofsRequest r = Argv.Parse("xorrisofs -o x.iso dir -- -report_about WARNING");
        Assert.Equal(MkisofsEntryPoint.Mkisofs, r.EntryPoint);
        Assert.Equal("WARNING", r.Native.ReportAbout);
        Assert.Equal("dir", Assert.Single(r.Pathspecs).Source);
    }

    [Theory]
    [InlineData("xorriso -outdev x.iso -as mkisofs dir", "-outdev")]
    [InlineData("xorriso -as mkisofs dir -- -boot_image any discard", "-boot_image")]
    [InlineData("xorriso -as cdrecord dev=x", "-as")]
    [InlineData("xorriso -as mkisofs a -- -as mkisofs b", "-as")]
    [InlineData("xorrisofs a -- -as mkisofs b", "-as")]
    [InlineData("xorriso -report_about LOUD -as mkisofs a", "-report_about")]
    [InlineData("xorriso -report_about", "-report_about")]
    [InlineData("xorriso", "xorriso")]
    [InlineData("xorriso -no_rc", "xorriso")]
    public void Other_native_commands_are_refused_by_name(string commandLine, string option)
    {
        MkisofsUsageException e = Argv.Refusal(commandLine);
        Assert.Equal(option, e.Option);
        Assert.Contains(option == "xorriso" ? "-as mkisofs" : option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_version_and_help_need_no_mkisofs_run()
    {
        Assert.True(Argv.Parse("xorriso -version").ShowNativeVersion);
        MkisofsRequest help = Argv.Parse("xorriso -help");
        Assert.True(help.ShowNativeHelp);
        Assert.False(help.BuildsImage);
        Assert.Contains("-as mkisofs", MkisofsTexts.NativeHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_holds_what_grub_mkrescue_looks_for_and_says_what_it_is()
    {
        string help = MkisofsTexts.Help;
        Assert.Contains("graft-points", help, StringComparison.Ordinal);
        Assert.Contains("grub2-boot-info", help, StringComparison.Ordinal);
        Assert.Contains("IsoBuild", help, StringComparison.Ordinal);
        Assert.Contains("not xorriso", help, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_names_every_option_IsoBuild_handles()
    {
        string help = MkisofsTexts.Help;
        IEnumerable<string> handled = MkisofsOptionTable.All.Where(o => o.Kind == MkisofsOptionKind.Handled).Select(o => o.Name)
            .Except(["-transparent-compression", "-UDF", "--no_rc", "--no-emul-toc"]); // aliases and defaults, named in docs/mkisofs.md
        Assert.All(handled, name => Assert.Matches($@"(^|[\s,])({System.Text.RegularExpressions.Regex.Escape(name)})([\s,=]|$)", help));
    }

    [Fact]
    public void The_version_texts_claim_xorriso_1_5_4_as_IsoBuild_s_emulation()
    {
        Assert.StartsWith("mkisofs 2.01-Emulation: IsoBuild ", MkisofsTexts.MkisofsVersionLine, StringComparison.Ordinal);
        Assert.EndsWith("emulating xorriso 1.5.4\n", MkisofsTexts.MkisofsVersionLine, StringComparison.Ordinal);
        string[] lines = MkisofsTexts.VersionBlock.Split('\n');
        Assert.Equal("xorriso 1.5.4", lines[0]);
        Assert.Contains("xorriso version   :  1.5.4", lines);
        Assert.Contains($"IsoBuild version  :  {MkisofsTexts.IsoBuildVersion}", lines);
        Assert.Matches(@"^\d+\.\d+\.\d+", MkisofsTexts.IsoBuildVersion);
        Assert.Contains("not xorriso", MkisofsTexts.VersionBlock, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_and_help_inside_the_mkisofs_run_are_recorded()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -version");
        Assert.True(r.ShowVersion);
        Assert.False(r.BuildsImage);
        MkisofsRequest both = Argv.Parse("xorriso -as mkisofs --version -help -o x.iso");
        Assert.True(both.ShowVersion && both.ShowHelp);
        Assert.False(both.BuildsImage);
    }
}

/// <summary>docs/mkisofs.md names every option IsoBuild handles, ignores or declines.</summary>
public class MkisofsDocsTests
{
    [Fact]
    public void Every_option_but_the_ones_xorriso_refuses_too_is_in_the_doc()
    {
        string doc = File.ReadAllText(Path.Combine(IsoBuild.Testing.Repository.Root, "docs", "mkisofs.md"));
        IEnumerable<string> names = MkisofsOptionTable.All.Where(o => o.Kind != MkisofsOptionKind.Unsupported).Select(o => o.Name)
            .Select(n => n.StartsWith("-hppa-", StringComparison.Ordinal) ? "-hppa-*" : n);
        Assert.All(names, name => Assert.Matches($@"`{System.Text.RegularExpressions.Regex.Escape(name)}[`\s=,|]", doc));
    }
}
