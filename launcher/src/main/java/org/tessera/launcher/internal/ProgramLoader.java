package org.tessera.launcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * Puts a {@link BootImage} into the machine before the CPU starts, standing in for the BIOS that
 * does not exist yet: the bytes go into RAM through {@link MemoryBus#write}, the registers are
 * set through {@link Processor#setRegister}.
 *
 * <p>The start state:
 * <ul>
 * <li>{@code --load FILE@SEG:OFF} and {@code --demo}: the whole file at {@code SEG:OFF};
 * {@code CS = DS = ES = SS = SEG}, {@code IP = OFF}, {@code SP = FFFEh};</li>
 * <li>{@code --floppy IMG}: sector 0 (512 bytes) at {@code 0000:7C00}, as a PC BIOS boots;
 * {@code CS = DS = ES = SS = 0}, {@code IP = 7C00h}, {@code SP = 7C00h} (the stack grows down
 * below the boot sector), {@code DL = 0} (the first floppy drive). A sector without the boot
 * signature 55h AAh is booted anyway, with a warning;</li>
 * <li>always: the other general registers 0, FS = GS = 0, {@code EFLAGS = 00000002h}
 * (interrupts disabled: there is no interrupt controller yet).</li>
 * </ul>
 * The program must lie in RAM (not in a ROM, a device or unmapped space).
 */
final class ProgramLoader {

    /** Where the demo's image is inside the launcher bundle. */
    static final String DEMO_RESOURCE = "/demo/demo.bin";
    /** SP of {@code --load} and {@code --demo}: the top of the program's segment. */
    static final int LOAD_STACK = 0xFFFE;

    /**
     * Loads the image and sets the registers.
     *
     * @param image what to load
     * @param bus the machine's memory bus
     * @param processor the CPU, not running
     * @return what was done, one line each (the first says what was loaded where; a warning may
     *     follow)
     * @throws UsageException if the image cannot be read or does not lie in RAM
     * @throws LaunchException if the launcher's demo is missing
     */
    List<String> load(BootImage image, MemoryBus bus, Processor processor) throws UsageException, LaunchException {
        byte[] bytes = read(image);
        List<String> lines = new ArrayList<>();
        RealModeAddress at = image.address();
        long start = at.linear();
        if (start + bytes.length > RealModeAddress.END) {
            throw new UsageException(image.name() + " (" + bytes.length + " bytes) does not fit in the real-mode"
                    + " address space at " + at);
        }
        Long gap = firstNonRam(bus.regions(), start, bytes.length);
        if (gap != null) {
            throw new UsageException(image.kind().option() + ": " + image.name() + " (" + bytes.length + " bytes at "
                    + at + ", linear 0x" + Numbers.hex32(start) + "-0x" + Numbers.hex32(start + bytes.length - 1)
                    + ") does not lie in RAM: 0x" + Numbers.hex32(gap) + " is " + describe(bus.regions(), gap));
        }
        for (int i = 0; i < bytes.length; i++) {
            bus.write(start + i, 1, bytes[i] & 0xFF);
        }
        for (Map.Entry<Register, Integer> e : startRegisters(image).entrySet()) {
            processor.setRegister(e.getKey(), e.getValue());
        }
        lines.add("loaded " + image.name() + " (" + bytes.length + " bytes) at " + at + ", starting there"
                + (image.kind() == BootImage.Kind.FLOPPY ? " with DL=00 (boot sector of a floppy image)" : ""));
        if (image.kind() == BootImage.Kind.FLOPPY && !hasBootSignature(bytes)) {
            lines.add("warning: the boot sector does not end with the signature 55 AA; booting it anyway");
        }
        return lines;
    }

    /** The bytes to load: the file, the floppy's first sector, or the demo. */
    byte[] read(BootImage image) throws UsageException, LaunchException {
        try {
            switch (image.kind()) {
                case LOAD -> {
                    byte[] bytes = Files.readAllBytes(image.file());
                    if (bytes.length == 0) {
                        throw new UsageException("program file is empty: " + image.file());
                    }
                    return bytes;
                }
                case FLOPPY -> {
                    try (InputStream in = Files.newInputStream(image.file())) {
                        byte[] sector = in.readNBytes(BootImage.SECTOR);
                        if (sector.length < BootImage.SECTOR) {
                            throw new UsageException("floppy image " + image.file() + " is truncated: " + sector.length
                                    + " bytes, less than the " + BootImage.SECTOR + "-byte boot sector");
                        }
                        return sector;
                    }
                }
                default -> {
                    try (InputStream in = ProgramLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
                        if (in == null) {
                            throw new LaunchException("the demo program " + DEMO_RESOURCE + " is missing from the launcher");
                        }
                        return in.readAllBytes();
                    }
                }
            }
        } catch (IOException e) {
            String what = image.kind() == BootImage.Kind.DEMO ? "the demo" : String.valueOf(image.file());
            throw new UsageException("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** The registers {@link #load} sets, in the order it sets them. */
    static Map<Register, Integer> startRegisters(BootImage image) {
        Map<Register, Integer> regs = new EnumMap<>(Register.class);
        int segment = image.address().segment();
        for (Register r : new Register[] {Register.EAX, Register.ECX, Register.EDX, Register.EBX, Register.EBP,
            Register.ESI, Register.EDI}) {
            regs.put(r, 0); // EDX = 0 is also DL = 0, the boot drive of a floppy
        }
        regs.put(Register.ESP, image.kind() == BootImage.Kind.FLOPPY ? image.address().offset() : LOAD_STACK);
        regs.put(Register.EFLAGS, 0x0000_0002);
        regs.put(Register.CS, segment);
        regs.put(Register.DS, segment);
        regs.put(Register.ES, segment);
        regs.put(Register.SS, segment);
        regs.put(Register.FS, 0);
        regs.put(Register.GS, 0);
        regs.put(Register.EIP, image.address().offset());
        return regs;
    }

    /** Whether a boot sector ends with 55h AAh. */
    static boolean hasBootSignature(byte[] sector) {
        return sector.length >= BootImage.SECTOR && (sector[510] & 0xFF) == 0x55 && (sector[511] & 0xFF) == 0xAA;
    }

    /**
     * The first address of {@code [start, start + length)} that is not served by RAM (the region
     * of highest priority there is not an available RAM region), or null if all of it is RAM.
     */
    static Long firstNonRam(List<RegionInfo> regions, long start, long length) {
        long end = start + length;
        TreeSet<Long> edges = new TreeSet<>();
        edges.add(start);
        for (RegionInfo r : regions) {
            if (r.base() > start && r.base() < end) {
                edges.add(r.base());
            }
            if (r.end() > start && r.end() < end) {
                edges.add(r.end());
            }
        }
        for (long a : edges) {
            RegionInfo owner = owner(regions, a);
            if (owner == null || !"ram".equals(owner.kind())) {
                return a;
            }
        }
        return null;
    }

    private static String describe(List<RegionInfo> regions, long address) {
        RegionInfo r = owner(regions, address);
        return r == null ? "not mapped" : r.kind().toUpperCase(Locale.ROOT) + " " + r.name() + " (" + r.owner() + ")";
    }

    /** The available region of highest priority covering {@code address}, or null. */
    private static RegionInfo owner(List<RegionInfo> regions, long address) {
        RegionInfo best = null;
        for (RegionInfo r : regions) {
            if (r.available() && r.base() <= address && address < r.end()
                    && (best == null || r.priority() > best.priority())) {
                best = r;
            }
        }
        return best;
    }
}
