using System.Globalization;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// The El Torito entries as xorriso's emulation builds them from its delayed boot options, run in their original
/// order after all pathspecs. Options set attributes of the current entry; the entry is finished (and the
/// attributes reset) by -eltorito-alt-boot, by --efi-boot (which finishes the current entry, adds the EFI image as
/// an entry of its own and leaves a fresh current entry), by a platform change while an image is pending, or by the
/// end of the arguments. So attributes may come before or after -b; a second -b or -e before -eltorito-alt-boot
/// replaces the first image; and attributes after --efi-boot belong to the next entry.
/// </summary>
internal sealed class MkisofsElToritoBuilder
{
    /// <summary>xorriso's limit on catalog entries.</summary>
    public const int MaxEntries = 32;

    private const string AppendedPartitionPrefix = "--interval:appended_partition_";

    private readonly List<MkisofsBootEntry> _entries = [];
    private readonly List<MkisofsMessage> _messages;

    // The current entry, field by field as xorriso keeps it (boot_image_bin_path, boot_platform_id, ...).
    private string? _option;
    private string? _argument;
    private string? _imagePath;
    private int? _partition;
    private byte _platform;
    private MkisofsEmulation _emulation = MkisofsEmulation.NoEmulation;
    private bool _emulationIsDefault = true;
    private int _loadSectors = 4;
    private bool _loadSizeIsDefault = true;
    private bool _fullLoad;
    private bool _efiDefault;
    private bool _bootInfoTable;
    private bool _grub2BootInfo;
    private MkisofsGptMark _gptMark;
    private bool _apmMark;
    private ValueList<byte> _id = [];
    private ValueList<byte> _selectionCriteria = [];

    // Kept across entries.
    private byte _biosPlatform; // -eltorito-platform: the platform of the next -b
    private bool _anyImage;
    private string? _catalogPath;
    private bool _catalogHidden;

    public MkisofsElToritoBuilder(List<MkisofsMessage> messages) => _messages = messages;

    /// <summary>-b, -eltorito-boot, -e: the image of the current entry (replacing one given before).</summary>
    public void Image(string option, string argument, bool efi)
    {
        SetImage(option, argument);
        _platform = efi ? MkisofsBootEntry.PlatformEfi : _biosPlatform;
        _efiDefault = false;
        if (_emulationIsDefault)
            _emulation = MkisofsEmulation.Floppy;
    }

    /// <summary>--efi-boot: finish the current entry, add an EFI no-emulation entry for the image, start a new entry.</summary>
    public void EfiBoot(string option, string argument)
    {
        if (_option is not null)
            FinishEntry();
        SetImage(option, argument);
        _efiDefault = true;
        _emulation = MkisofsEmulation.NoEmulation;
        _emulationIsDefault = false;
        FinishEntry();
    }

    /// <summary>-eltorito-platform: the platform of later -b images; a change finishes a pending entry.</summary>
    public void Platform(string option, string value)
    {
        byte platform = MkisofsValues.Platform(option, value);
        bool changed = platform != _biosPlatform;
        _biosPlatform = platform;
        if (changed && _option is not null)
            FinishEntry();
    }

    /// <summary>-eltorito-alt-boot.</summary>
    public void AlternativeBoot() => FinishEntry();

    /// <summary>-no-emul-boot.</summary>
    public void NoEmulation()
    {
        _emulation = MkisofsEmulation.NoEmulation;
        _emulationIsDefault = false;
    }

    /// <summary>-hard-disk-boot.</summary>
    public void HardDiskEmulation()
    {
        _emulation = MkisofsEmulation.HardDisk;
        _emulationIsDefault = false;
    }

    /// <summary>-boot-load-size N|full.</summary>
    public void LoadSize(string option, string value)
    {
        if (value == "full")
            _fullLoad = true;
        else
            _loadSectors = (int)MkisofsValues.Number(option, value, 0, int.MaxValue / 512, "give a count of 512-byte sectors, or full");
        _loadSizeIsDefault = false;
    }

    public void BootInfoTable() => _bootInfoTable = true;

    public void Grub2BootInfo() => _grub2BootInfo = true;

    public void GptMark(MkisofsGptMark mark) => _gptMark = mark;

    public void ApmMark() => _apmMark = true;

    /// <summary>-eltorito-id.</summary>
    public void Id(string text) => _id = MkisofsValues.ElToritoId(text);

    /// <summary>-eltorito-selcrit.</summary>
    public void SelectionCriteria(string option, string text) =>
        _selectionCriteria = MkisofsValues.HexBytes(text, 20) ?? throw MkisofsValues.Bad(option, text, "give an even number of hex digits, at most 40 (20 bytes)");

    /// <summary>-c, -eltorito-catalog.</summary>
    public void Catalog(string path) => _catalogPath = MkisofsPaths.Absolute(path);

    /// <summary>--boot-catalog-hide.</summary>
    public void HideCatalog() => _catalogHidden = true;

    /// <summary>The entries once all delayed options ran: the pending entry is finished, the catalog named.</summary>
    public MkisofsElTorito Build()
    {
        // xorriso enforces mkisofs' load-size default for the last entry here, before it attaches it when writing.
        if (_anyImage && _loadSizeIsDefault && _emulation == MkisofsEmulation.NoEmulation)
            _fullLoad = true;
        if (_option is not null)
            Attach();
        if (_entries.Count == 0)
            return MkisofsElTorito.None with { CatalogHidden = _catalogHidden };
        return new MkisofsElTorito
        {
            Entries = [.. _entries],
            CatalogPath = _catalogPath ?? MkisofsElTorito.DefaultCatalogPath,
            CatalogHidden = _catalogHidden,
        };
    }

    private void SetImage(string option, string argument)
    {
        _option = option;
        _argument = argument;
        _anyImage = true;
        if (argument.StartsWith(AppendedPartitionPrefix, StringComparison.Ordinal))
        {
            _partition = AppendedPartitionNumber(option, argument);
            _imagePath = null;
        }
        else if (argument.StartsWith("--interval:", StringComparison.Ordinal))
        {
            throw MkisofsValues.Bad(option, argument,
                "a boot image is a file in the image or --interval:appended_partition_N:all:: (an appended partition); other intervals are not boot images");
        }
        else
        {
            _partition = null;
            _imagePath = MkisofsPaths.Absolute(argument);
        }
    }

    /// <summary>N of <c>--interval:appended_partition_N:all::</c>, <c>…_N:::</c> or xorriso's report form <c>…_N_start_Ls_size_Sd:all::</c>.</summary>
    private static int AppendedPartitionNumber(string option, string argument)
    {
        ReadOnlySpan<char> rest = argument.AsSpan(AppendedPartitionPrefix.Length);
        int digits = rest.IndexOfAnyExceptInRange('0', '9');
        if (digits < 0)
            digits = rest.Length;
        int n = digits is 0 or > 3 ? 0 : int.Parse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
        if (n is < 1 or > 4 || (digits < rest.Length && rest[digits] is not (':' or '_')))
            throw MkisofsValues.Bad(option, argument, "give --interval:appended_partition_N:all:: with N from 1 to 4, the number of an -append_partition");
        return n;
    }

    /// <summary>xorriso's Xorriso_genisofs_add_boot: the mkisofs load-size default, then the entry, if an image is pending.</summary>
    private void FinishEntry()
    {
        if (_loadSizeIsDefault && _emulation == MkisofsEmulation.NoEmulation)
            _fullLoad = true;
        if (_option is not null)
            Attach();
    }

    private void Attach()
    {
        if (_entries.Count == MaxEntries)
            throw new MkisofsUsageException(MkisofsRefusal.Conflict, _option!, $"{_option} '{_argument}': an El Torito catalog holds at most {MaxEntries} entries");
        bool efi = _efiDefault || _platform == MkisofsBootEntry.PlatformEfi;
        MkisofsLoadSize loadSize;
        if (_partition is not null)
        {
            loadSize = MkisofsLoadSize.AppendedPartition;
        }
        else if (efi)
        {
            loadSize = _fullLoad ? MkisofsLoadSize.WholeImage : MkisofsLoadSize.WholeImageInSectors;
        }
        else if (_fullLoad)
        {
            loadSize = MkisofsLoadSize.WholeImage;
        }
        else if (_loadSectors > ushort.MaxValue)
        {
            _messages.Add(new(MkisofsSeverity.Warning, "-boot-load-size",
                $"{_loadSectors} sectors exceed the 65535 an El Torito entry can hold; the entry for '{_argument}' records 65535"));
            loadSize = MkisofsLoadSize.Of(ushort.MaxValue);
        }
        else
        {
            loadSize = MkisofsLoadSize.Of(_loadSectors);
        }
        _entries.Add(new MkisofsBootEntry
        {
            Option = _option!,
            Argument = _argument!,
            ImagePath = _imagePath,
            AppendedPartition = _partition,
            Platform = _efiDefault ? MkisofsBootEntry.PlatformEfi : _platform,
            Emulation = _efiDefault ? MkisofsEmulation.NoEmulation : _emulation,
            LoadSize = loadSize,
            BootInfoTable = _bootInfoTable && !_efiDefault, // --efi-boot images are never patched with a boot info table
            Grub2BootInfo = _grub2BootInfo,
            GptMark = _gptMark,
            ApmMark = _apmMark,
            Id = _id,
            SelectionCriteria = _selectionCriteria,
        });

        // Reset as xorriso does after attaching an image (Xorriso_attach_boot_image).
        _option = _argument = _imagePath = null;
        _partition = null;
        _platform = 0;
        _emulation = MkisofsEmulation.NoEmulation;
        _emulationIsDefault = true;
        _loadSectors = 4;
        _loadSizeIsDefault = true;
        _fullLoad = false;
        _efiDefault = false;
        _bootInfoTable = _grub2BootInfo = _apmMark = false;
        _gptMark = MkisofsGptMark.None;
        _id = _selectionCriteria = [];
    }
}
