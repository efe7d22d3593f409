namespace IsoBuild.Spec;

/// <summary>The OSTA UDF revisions IsoBuild writes; the value is the revision as UDF records it (BCD, 0x0102 = 1.02).</summary>
public enum UdfRevision : ushort
{
    /// <summary>UDF 1.02: read by Windows 98 and later, macOS, Linux; the widest reach.</summary>
    V102 = 0x0102,

    /// <summary>UDF 2.01: NSR03 descriptors, extended file entries.</summary>
    V201 = 0x0201,

    /// <summary>UDF 2.50: file entries and directories in a metadata partition (as Blu-ray and Windows Vista+ media).</summary>
    V250 = 0x0250,
}
