/*
 * cn01's SSDT, replacing the BIOS's (which hooks into objects of the BIOS's
 * DSDT that cn01's DSDT leaves out): the sleep state for power-off, and the
 * processor object of CPU 0. CPUs 1-3 have none, as before: Linux never
 * brings them up, IHK takes them (see cn01-platform).
 */
DefinitionBlock ("", "SSDT", 1, "BOCHS ", "BXPCSSDT", 2)
{
    Name (\_S5, Package () { 0, 0, 0, 0 })

    Scope (\_SB)
    {
        Device (CP00)
        {
            Name (_HID, "ACPI0007")
            Name (_UID, 0)
        }
    }
}
