/*
 * cn01's DSDT: the PC that v86 emulates, described as briefly as Linux needs
 * it. It replaces the BIOS's DSDT through Linux's ACPI table upgrade (same
 * OEM ID and table ID, higher OEM revision; see images/README.md).
 *
 * The BIOS's tables describe a QEMU-like PC: 31 hot-plug PCI slots, ISA
 * devices, an HPET, CPU hot-plug. v86 has none of the hot-plug hardware, the
 * serial port and the RTC are found at their legacy addresses, and Linux
 * spent over a second of boot creating a device for each of the ~50 objects.
 * What is left: the PCI root bridge with its windows and its interrupt
 * routing, through the PIIX3's four PCI interrupt links.
 */
DefinitionBlock ("", "DSDT", 1, "BOCHS ", "BXPCDSDT", 2)
{
    Scope (\_SB)
    {
        Device (PCI0)
        {
            Name (_HID, EisaId ("PNP0A03"))
            Name (_UID, 1)
            /*
             * The memory window starts at 3 GiB, above any RAM (the BIOS maps
             * at most 2 GiB) and below the BARs the BIOS puts near 0xE0000000.
             */
            Name (_CRS, ResourceTemplate ()
            {
                WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,
                    0x0000, 0x0000, 0x00FF, 0x0000, 0x0100)
                IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0000, 0x0CF7, 0x0000, 0x0CF8)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0D00, 0xFFFF, 0x0000, 0xF300)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,
                    0x00000000, 0x000A0000, 0x000BFFFF, 0x00000000, 0x00020000)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
                    0x00000000, 0xC0000000, 0xFEBFFFFF, 0x00000000, 0x3EC00000)
            })
            /*
             * Interrupt pin P (0 = INTA) of slot S reaches the PIIX3's PIRQ
             * line (S + P - 1) mod 4, A to D, as the board's PCI wiring does.
             */
            Name (_PRT, Package ()
            {
                Package () { 0x0000FFFF, 0, LNKD, 0 }, Package () { 0x0000FFFF, 1, LNKA, 0 }, Package () { 0x0000FFFF, 2, LNKB, 0 }, Package () { 0x0000FFFF, 3, LNKC, 0 },
                Package () { 0x0001FFFF, 0, LNKA, 0 }, Package () { 0x0001FFFF, 1, LNKB, 0 }, Package () { 0x0001FFFF, 2, LNKC, 0 }, Package () { 0x0001FFFF, 3, LNKD, 0 },
                Package () { 0x0002FFFF, 0, LNKB, 0 }, Package () { 0x0002FFFF, 1, LNKC, 0 }, Package () { 0x0002FFFF, 2, LNKD, 0 }, Package () { 0x0002FFFF, 3, LNKA, 0 },
                Package () { 0x0003FFFF, 0, LNKC, 0 }, Package () { 0x0003FFFF, 1, LNKD, 0 }, Package () { 0x0003FFFF, 2, LNKA, 0 }, Package () { 0x0003FFFF, 3, LNKB, 0 },
                Package () { 0x0004FFFF, 0, LNKD, 0 }, Package () { 0x0004FFFF, 1, LNKA, 0 }, Package () { 0x0004FFFF, 2, LNKB, 0 }, Package () { 0x0004FFFF, 3, LNKC, 0 },
                Package () { 0x0005FFFF, 0, LNKA, 0 }, Package () { 0x0005FFFF, 1, LNKB, 0 }, Package () { 0x0005FFFF, 2, LNKC, 0 }, Package () { 0x0005FFFF, 3, LNKD, 0 },
                Package () { 0x0006FFFF, 0, LNKB, 0 }, Package () { 0x0006FFFF, 1, LNKC, 0 }, Package () { 0x0006FFFF, 2, LNKD, 0 }, Package () { 0x0006FFFF, 3, LNKA, 0 },
                Package () { 0x0007FFFF, 0, LNKC, 0 }, Package () { 0x0007FFFF, 1, LNKD, 0 }, Package () { 0x0007FFFF, 2, LNKA, 0 }, Package () { 0x0007FFFF, 3, LNKB, 0 },
                Package () { 0x0008FFFF, 0, LNKD, 0 }, Package () { 0x0008FFFF, 1, LNKA, 0 }, Package () { 0x0008FFFF, 2, LNKB, 0 }, Package () { 0x0008FFFF, 3, LNKC, 0 },
                Package () { 0x0009FFFF, 0, LNKA, 0 }, Package () { 0x0009FFFF, 1, LNKB, 0 }, Package () { 0x0009FFFF, 2, LNKC, 0 }, Package () { 0x0009FFFF, 3, LNKD, 0 },
                Package () { 0x000AFFFF, 0, LNKB, 0 }, Package () { 0x000AFFFF, 1, LNKC, 0 }, Package () { 0x000AFFFF, 2, LNKD, 0 }, Package () { 0x000AFFFF, 3, LNKA, 0 },
                Package () { 0x000BFFFF, 0, LNKC, 0 }, Package () { 0x000BFFFF, 1, LNKD, 0 }, Package () { 0x000BFFFF, 2, LNKA, 0 }, Package () { 0x000BFFFF, 3, LNKB, 0 },
                Package () { 0x000CFFFF, 0, LNKD, 0 }, Package () { 0x000CFFFF, 1, LNKA, 0 }, Package () { 0x000CFFFF, 2, LNKB, 0 }, Package () { 0x000CFFFF, 3, LNKC, 0 },
                Package () { 0x000DFFFF, 0, LNKA, 0 }, Package () { 0x000DFFFF, 1, LNKB, 0 }, Package () { 0x000DFFFF, 2, LNKC, 0 }, Package () { 0x000DFFFF, 3, LNKD, 0 },
                Package () { 0x000EFFFF, 0, LNKB, 0 }, Package () { 0x000EFFFF, 1, LNKC, 0 }, Package () { 0x000EFFFF, 2, LNKD, 0 }, Package () { 0x000EFFFF, 3, LNKA, 0 },
                Package () { 0x000FFFFF, 0, LNKC, 0 }, Package () { 0x000FFFFF, 1, LNKD, 0 }, Package () { 0x000FFFFF, 2, LNKA, 0 }, Package () { 0x000FFFFF, 3, LNKB, 0 },
                Package () { 0x0010FFFF, 0, LNKD, 0 }, Package () { 0x0010FFFF, 1, LNKA, 0 }, Package () { 0x0010FFFF, 2, LNKB, 0 }, Package () { 0x0010FFFF, 3, LNKC, 0 },
                Package () { 0x0011FFFF, 0, LNKA, 0 }, Package () { 0x0011FFFF, 1, LNKB, 0 }, Package () { 0x0011FFFF, 2, LNKC, 0 }, Package () { 0x0011FFFF, 3, LNKD, 0 },
                Package () { 0x0012FFFF, 0, LNKB, 0 }, Package () { 0x0012FFFF, 1, LNKC, 0 }, Package () { 0x0012FFFF, 2, LNKD, 0 }, Package () { 0x0012FFFF, 3, LNKA, 0 },
                Package () { 0x0013FFFF, 0, LNKC, 0 }, Package () { 0x0013FFFF, 1, LNKD, 0 }, Package () { 0x0013FFFF, 2, LNKA, 0 }, Package () { 0x0013FFFF, 3, LNKB, 0 },
                Package () { 0x0014FFFF, 0, LNKD, 0 }, Package () { 0x0014FFFF, 1, LNKA, 0 }, Package () { 0x0014FFFF, 2, LNKB, 0 }, Package () { 0x0014FFFF, 3, LNKC, 0 },
                Package () { 0x0015FFFF, 0, LNKA, 0 }, Package () { 0x0015FFFF, 1, LNKB, 0 }, Package () { 0x0015FFFF, 2, LNKC, 0 }, Package () { 0x0015FFFF, 3, LNKD, 0 },
                Package () { 0x0016FFFF, 0, LNKB, 0 }, Package () { 0x0016FFFF, 1, LNKC, 0 }, Package () { 0x0016FFFF, 2, LNKD, 0 }, Package () { 0x0016FFFF, 3, LNKA, 0 },
                Package () { 0x0017FFFF, 0, LNKC, 0 }, Package () { 0x0017FFFF, 1, LNKD, 0 }, Package () { 0x0017FFFF, 2, LNKA, 0 }, Package () { 0x0017FFFF, 3, LNKB, 0 },
                Package () { 0x0018FFFF, 0, LNKD, 0 }, Package () { 0x0018FFFF, 1, LNKA, 0 }, Package () { 0x0018FFFF, 2, LNKB, 0 }, Package () { 0x0018FFFF, 3, LNKC, 0 },
                Package () { 0x0019FFFF, 0, LNKA, 0 }, Package () { 0x0019FFFF, 1, LNKB, 0 }, Package () { 0x0019FFFF, 2, LNKC, 0 }, Package () { 0x0019FFFF, 3, LNKD, 0 },
                Package () { 0x001AFFFF, 0, LNKB, 0 }, Package () { 0x001AFFFF, 1, LNKC, 0 }, Package () { 0x001AFFFF, 2, LNKD, 0 }, Package () { 0x001AFFFF, 3, LNKA, 0 },
                Package () { 0x001BFFFF, 0, LNKC, 0 }, Package () { 0x001BFFFF, 1, LNKD, 0 }, Package () { 0x001BFFFF, 2, LNKA, 0 }, Package () { 0x001BFFFF, 3, LNKB, 0 },
                Package () { 0x001CFFFF, 0, LNKD, 0 }, Package () { 0x001CFFFF, 1, LNKA, 0 }, Package () { 0x001CFFFF, 2, LNKB, 0 }, Package () { 0x001CFFFF, 3, LNKC, 0 },
                Package () { 0x001DFFFF, 0, LNKA, 0 }, Package () { 0x001DFFFF, 1, LNKB, 0 }, Package () { 0x001DFFFF, 2, LNKC, 0 }, Package () { 0x001DFFFF, 3, LNKD, 0 },
                Package () { 0x001EFFFF, 0, LNKB, 0 }, Package () { 0x001EFFFF, 1, LNKC, 0 }, Package () { 0x001EFFFF, 2, LNKD, 0 }, Package () { 0x001EFFFF, 3, LNKA, 0 },
                Package () { 0x001FFFFF, 0, LNKC, 0 }, Package () { 0x001FFFFF, 1, LNKD, 0 }, Package () { 0x001FFFFF, 2, LNKA, 0 }, Package () { 0x001FFFFF, 3, LNKB, 0 }
            })
            /* The PIIX3 (slot 1, function 0): PIRQ A-D route registers at 0x60. */
            Device (ISA)
            {
                Name (_ADR, 0x00010000)
                OperationRegion (PIRQ, PCI_Config, 0x60, 4)
                Field (PIRQ, ByteAcc, NoLock, Preserve)
                {
                    PRQA, 8,
                    PRQB, 8,
                    PRQC, 8,
                    PRQD, 8
                }
            }
        }

        /* A route register holds an ISA IRQ number; bit 7 set means "not routed". */
        Method (LSTA, 1)
        {
            If (Arg0 & 0x80) { Return (0x09) }
            Return (0x0B)
        }

        /* The current setting: one level, active-high, shared interrupt (byte 5). */
        Method (LCRS, 1)
        {
            Local0 = ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { 0 } }
            If (Arg0 < 0x80) { Local0 [5] = Arg0 }
            Return (Local0)
        }

        Device (LNKA)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 0)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { 5, 10, 11 } })
            Method (_STA) { Return (LSTA (\_SB.PCI0.ISA.PRQA)) }
            Method (_CRS) { Return (LCRS (\_SB.PCI0.ISA.PRQA)) }
            Method (_DIS) { \_SB.PCI0.ISA.PRQA |= 0x80 }
            Method (_SRS, 1) { \_SB.PCI0.ISA.PRQA = DerefOf (Arg0 [5]) }
        }

        Device (LNKB)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 1)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { 5, 10, 11 } })
            Method (_STA) { Return (LSTA (\_SB.PCI0.ISA.PRQB)) }
            Method (_CRS) { Return (LCRS (\_SB.PCI0.ISA.PRQB)) }
            Method (_DIS) { \_SB.PCI0.ISA.PRQB |= 0x80 }
            Method (_SRS, 1) { \_SB.PCI0.ISA.PRQB = DerefOf (Arg0 [5]) }
        }

        Device (LNKC)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 2)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { 5, 10, 11 } })
            Method (_STA) { Return (LSTA (\_SB.PCI0.ISA.PRQC)) }
            Method (_CRS) { Return (LCRS (\_SB.PCI0.ISA.PRQC)) }
            Method (_DIS) { \_SB.PCI0.ISA.PRQC |= 0x80 }
            Method (_SRS, 1) { \_SB.PCI0.ISA.PRQC = DerefOf (Arg0 [5]) }
        }

        Device (LNKD)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 3)
            Name (_PRS, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { 5, 10, 11 } })
            Method (_STA) { Return (LSTA (\_SB.PCI0.ISA.PRQD)) }
            Method (_CRS) { Return (LCRS (\_SB.PCI0.ISA.PRQD)) }
            Method (_DIS) { \_SB.PCI0.ISA.PRQD |= 0x80 }
            Method (_SRS, 1) { \_SB.PCI0.ISA.PRQD = DerefOf (Arg0 [5]) }
        }
    }
}
