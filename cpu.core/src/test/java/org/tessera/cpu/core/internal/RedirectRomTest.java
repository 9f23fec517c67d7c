package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.cpu.core.internal.RedirectSetup.DATA_SEG;
import static org.tessera.cpu.core.internal.RedirectSetup.phys;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDI;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.cpu.core.internal.RedirectTestBus.Kind;
import org.tessera.cpu.core.internal.RedirectTestBus.Mode;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * Read-modify-write on ROM: the read happens, the flags (and any register that receives the old
 * value) come from the ROM byte, the write is dropped and counted, and the ROM is unchanged. Run
 * on a ROM page the way the real bus compiles it (direct reads, writes through the bus) and on a
 * ROM whose reads a device serves, at once or later.
 */
class RedirectRomTest {

    private static final int ROM_PAGE = RedirectSetup.DEV_PAGE; // DS:1000-1FFF
    private static final int ARITH = Flags.ARITH;

    /** The ways a ROM page is served. */
    enum Rom {
        DIRECT(Kind.ROM, Mode.IMMEDIATE),
        DIRECT_LATER_BUS(Kind.ROM, Mode.LATER),
        DEVICE_NOW(Kind.DEVICE_ROM, Mode.IMMEDIATE),
        DEVICE_LATER(Kind.DEVICE_ROM, Mode.LATER);

        final Kind kind;
        final Mode mode;

        Rom(Kind kind, Mode mode) {
            this.kind = kind;
            this.mode = mode;
        }
    }

    private static RedirectSetup setup(long seed, int[] code, int romOffset) {
        RedirectSetup s = new RedirectSetup(seed);
        s.bxsi(romOffset);
        s.code(code);
        return s;
    }

    private static RedirectDriver.Outcome onRom(RedirectSetup s, Rom rom) {
        s.map(ROM_PAGE, 1, rom.kind);
        try {
            return RedirectDriver.run(s, rom.mode);
        } finally {
            s.pages.remove(s.pages.size() - 1);
        }
    }

    private static RedirectDriver.Outcome onRam(RedirectSetup s) {
        s.map(ROM_PAGE, 1, Kind.RAM);
        try {
            return RedirectDriver.run(s, Mode.PLAIN);
        } finally {
            s.pages.remove(s.pages.size() - 1);
        }
    }

    private static int flags(RedirectDriver.Outcome o) {
        String r = o.registers();
        int i = r.indexOf("EFLAGS=");
        return (int) Long.parseLong(r.substring(i + 7, i + 15), 16);
    }

    private static int reg(RedirectDriver.Outcome o, String name) {
        String r = o.registers();
        int i = r.indexOf(name + "=");
        return (int) Long.parseLong(r.substring(i + name.length() + 1, i + name.length() + 9), 16);
    }

    private static int ram8(RedirectDriver.Outcome o, int phys) {
        return o.ram()[phys] & 0xFF;
    }

    private static void romUnchanged(RedirectSetup s, RedirectDriver.Outcome o, String what) {
        byte[] initial = java.util.Arrays.copyOf(s.mem, RedirectTestBus.RAM_SIZE);
        RedirectAssert.sameMemory(initial, o.ram(), what + ": memory (ROM included) unchanged");
    }

    // ------------------------------------------------------------------ the three cases of the issue

    @ParameterizedTest
    @EnumSource(Rom.class)
    void addToRomSetsFlagsFromTheRomByteAndDropsTheWrite(Rom rom) {
        RedirectSetup s = setup(1, new int[] {0x00, 0x00}, 0x1234); // ADD [bx+si],al
        int a = phys(DATA_SEG, 0x1234);
        s.poke8(a, 0xF0);
        s.set8(0, 0x10);
        s.flags = Flags.IF;
        RedirectDriver.Outcome o = onRom(s, rom);
        assertAll(() -> assertEquals(Flags.CF | Flags.ZF | Flags.PF, flags(o) & ARITH, "F0 + 10 = 00 carry"),
                () -> assertEquals(0xF0, ram8(o, a), "ROM byte unchanged"),
                () -> assertEquals(1, o.romWritesDropped(), "the write was dropped"),
                () -> assertEquals(0x10, reg(o, "EAX") & 0xFF, "AL unchanged"),
                () -> assertEquals(0x7C02, reg(o, "EIP")),
                () -> romUnchanged(s, o, "ADD"),
                () -> assertEquals(rom.kind == Kind.DEVICE_ROM ? List.of(new RedirectTestBus.Entry(a, 1, false, 0xF0))
                        : List.of(), o.deviceLog(), "the device serves the read only"),
                () -> assertEquals(rom == Rom.DEVICE_LATER ? 1 : 0, o.redirects()));
    }

    @ParameterizedTest
    @EnumSource(Rom.class)
    void xchgWithRomReturnsTheRomByte(Rom rom) {
        RedirectSetup s = setup(2, new int[] {0x86, 0x00}, 0x1801); // XCHG [bx+si],al
        int a = phys(DATA_SEG, 0x1801);
        s.poke8(a, 0x5A);
        s.set8(0, 0xA5);
        RedirectDriver.Outcome o = onRom(s, rom);
        assertAll(() -> assertEquals(0x5A, reg(o, "EAX") & 0xFF, "AL gets the ROM byte"),
                () -> assertEquals(0x5A, ram8(o, a), "ROM byte unchanged"),
                () -> assertEquals(1, o.romWritesDropped()),
                () -> assertEquals(s.flags | 2, flags(o), "XCHG changes no flag"),
                () -> romUnchanged(s, o, "XCHG"));
    }

    @ParameterizedTest
    @EnumSource(Rom.class)
    void incByteOnRom(Rom rom) {
        RedirectSetup s = setup(3, new int[] {0xFE, 0x00}, 0x1FFF); // INC byte [bx+si]
        int a = phys(DATA_SEG, 0x1FFF);
        s.poke8(a, 0x7F);
        s.flags = Flags.CF;
        RedirectDriver.Outcome o = onRom(s, rom);
        assertAll(() -> assertEquals(Flags.CF | Flags.OF | Flags.SF | Flags.AF, flags(o) & ARITH,
                "7F + 1: OF SF AF, CF kept"),
                () -> assertEquals(0x7F, ram8(o, a), "ROM byte unchanged"),
                () -> assertEquals(1, o.romWritesDropped()),
                () -> romUnchanged(s, o, "INC"));
    }

    @ParameterizedTest
    @EnumSource(Rom.class)
    void wordWriteCrossingFromRamIntoRomWritesTheRamByteOnly(Rom rom) {
        RedirectSetup s = setup(4, new int[] {0x89, 0x16, 0xFF, 0x0F}, 0); // MOV [0FFF],dx
        s.set16(EDX, 0xBEEF);
        int a = phys(DATA_SEG, 0x0FFF);
        RedirectDriver.Outcome o = onRom(s, rom);
        assertAll(() -> assertEquals(0xEF, ram8(o, a), "the RAM byte is written"),
                () -> assertEquals(s.peek8(a + 1), ram8(o, a + 1), "the ROM byte is not"),
                () -> assertEquals(1, o.romWritesDropped()));
    }

    @ParameterizedTest
    @EnumSource(Rom.class)
    void repStosOntoRomDropsEveryElement(Rom rom) {
        RedirectSetup s = setup(5, new int[] {0xF3, 0xAA}, 0); // REP STOSB
        s.seg[ES] = DATA_SEG;
        s.set16(EDI, 0x1100);
        s.set16(ECX, 20);
        RedirectDriver.Outcome o = onRom(s, rom);
        assertAll(() -> assertEquals(20, o.romWritesDropped()),
                () -> assertEquals(0x1100 + 20, reg(o, "EDI") & 0xFFFF),
                () -> assertEquals(0, reg(o, "ECX") & 0xFFFF),
                () -> assertEquals(20, o.instructions()),
                () -> romUnchanged(s, o, "REP STOSB"));
    }

    // ------------------------------------------------------------------ every RMW form: as on RAM, minus the write

    /** A read-modify-write form on {@code [bx+si]}. */
    private record RmwForm(String name, int[] code, int size) {
    }

    private static final List<RmwForm> RMW = List.of(
            new RmwForm("ADD byte [rom],dl", new int[] {0x00, 0x10}, 1),
            new RmwForm("ADC word [rom],dx", new int[] {0x11, 0x10}, 2),
            new RmwForm("SBB dword [rom],edx", new int[] {0x66, 0x19, 0x10}, 4),
            new RmwForm("OR word [rom],imm16", new int[] {0x81, 0x08, 0x34, 0x12}, 2),
            new RmwForm("AND byte [rom],imm8", new int[] {0x80, 0x20, 0x5A}, 1),
            new RmwForm("SUB word [rom],simm8", new int[] {0x83, 0x28, 0xF3}, 2),
            new RmwForm("XOR dword [rom],edx", new int[] {0x66, 0x31, 0x10}, 4),
            new RmwForm("INC word [rom]", new int[] {0xFF, 0x00}, 2),
            new RmwForm("DEC byte [rom]", new int[] {0xFE, 0x08}, 1),
            new RmwForm("NEG word [rom]", new int[] {0xF7, 0x18}, 2),
            new RmwForm("NOT byte [rom]", new int[] {0xF6, 0x10}, 1),
            new RmwForm("RCL word [rom],1", new int[] {0xD1, 0x10}, 2),
            new RmwForm("RCR byte [rom],cl", new int[] {0xD2, 0x18}, 1),
            new RmwForm("SHL dword [rom],5", new int[] {0x66, 0xC1, 0x20, 5}, 4),
            new RmwForm("SAR word [rom],cl", new int[] {0xD3, 0x38}, 2),
            new RmwForm("XCHG word [rom],dx", new int[] {0x87, 0x10}, 2),
            new RmwForm("XCHG dword [rom],edx", new int[] {0x66, 0x87, 0x10}, 4),
            new RmwForm("XADD byte [rom],dl", new int[] {0x0F, 0xC0, 0x10}, 1),
            new RmwForm("XADD word [rom],dx", new int[] {0x0F, 0xC1, 0x10}, 2),
            new RmwForm("CMPXCHG word [rom],dx", new int[] {0x0F, 0xB1, 0x10}, 2),
            new RmwForm("BTS word [rom],3", new int[] {0x0F, 0xBA, 0x28, 3}, 2),
            new RmwForm("BTC dword [rom],edx", new int[] {0x66, 0x0F, 0xBB, 0x10}, 4),
            new RmwForm("SHLD word [rom],dx,7", new int[] {0x0F, 0xA4, 0x10, 7}, 2),
            new RmwForm("LOCK ADD word [rom],dx", new int[] {0xF0, 0x01, 0x10}, 2));

    @TestFactory
    Stream<DynamicTest> everyReadModifyWriteOnRomIsTheRamResultWithoutTheWrite() {
        return RMW.stream().flatMap(f -> Stream.of(Rom.values()).map(rom -> DynamicTest.dynamicTest(
                f.name() + " " + rom, () -> {
                    RedirectSetup s = new RedirectSetup(f.name().hashCode() * 7L + rom.ordinal());
                    int off = 0x1000 + (s.rnd.nextInt(0x1000 - f.size()) & -f.size());
                    s.bxsi(off);
                    if (f.name().startsWith("BTC")) {
                        s.gpr[EDX] = s.rnd.nextInt(32); // within the dword
                    }
                    s.code(f.code());
                    RedirectDriver.Outcome ram = onRam(s);
                    RedirectDriver.Outcome o = onRom(s, rom);
                    assertAll(() -> assertEquals(ram.registers(), o.registers(), "registers and flags as on RAM"),
                            () -> romUnchanged(s, o, f.name()),
                            () -> assertEquals(1, o.romWritesDropped(), "one write dropped"),
                            () -> assertEquals(rom == Rom.DEVICE_LATER ? 1 : 0, o.redirects(),
                                    "one deferred read on a device ROM, none otherwise"),
                            () -> assertEquals(rom.kind == Kind.DEVICE_ROM
                                    ? List.of(new RedirectTestBus.Entry(phys(DATA_SEG, off), f.size(), false,
                                            f.size() == 4 ? s.peek32(phys(DATA_SEG, off))
                                                    : f.size() == 2 ? s.peek16(phys(DATA_SEG, off))
                                                            : s.peek8(phys(DATA_SEG, off))))
                                    : List.of(), o.deviceLog(), "the read, exactly once"),
                            () -> assertEquals(List.of(), o.restoreViolations()));
                })));
    }

    @TestFactory
    Stream<DynamicTest> theAccumulatorOfCmpxchgAndXaddGetsTheRomValue() {
        return Stream.of(Rom.values()).map(rom -> DynamicTest.dynamicTest(rom.name(), () -> {
            RedirectSetup s = setup(9, new int[] {0x0F, 0xB1, 0x10}, 0x1400); // CMPXCHG [bx+si],dx
            s.poke16(phys(DATA_SEG, 0x1400), 0x1234);
            s.set16(EAX, 0x1235);
            RedirectDriver.Outcome o = onRom(s, rom);
            assertEquals(0x1234, reg(o, "EAX") & 0xFFFF, "not equal: AX gets the ROM word");
            assertEquals(0, flags(o) & Flags.ZF);
            assertEquals(0x1234, s.peek16(phys(DATA_SEG, 0x1400)));
            assertEquals(1, o.romWritesDropped(), "the 486 writes the old value back: dropped");
            assertEquals(s.gpr[EAX] >>> 16, reg(o, "EAX") >>> 16);
        }));
    }
}
