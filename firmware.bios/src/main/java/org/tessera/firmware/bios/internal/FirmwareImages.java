package org.tessera.firmware.bios.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * Real firmware from files (configuration {@value #PID}): a system BIOS image and a VGA BIOS,
 * mapped as the PC's hardware decodes them.
 *
 * <ul>
 * <li>The system BIOS sits in the flash at the top of the 4 GiB space (the CPU's first fetch after
 * a reset is at FFFFFFF0h), and the ISA side aliases its last 128 KiB (all of a smaller image)
 * below 1 MiB: a 64 KiB image at F0000h, a 128 KiB one at E0000h. The low alias is marked
 * {@link RegionHandler#REGION_FIRMWARE}: a chipset shadows it (the i440FX copies it into RAM and
 * maps the RAM over it), the alias at the top is never shadowed.</li>
 * <li>The VGA BIOS is the VGA card's option ROM at C0000h, which the system BIOS finds (55AAh)
 * and initialises; also {@link RegionHandler#REGION_FIRMWARE}.</li>
 * </ul>
 *
 * <p>An image that cannot be read or has a size the hardware cannot map is logged as an error and
 * maps nothing (the launcher checks the same rules first, so this is for other configurators).
 * The built-in BIOS ({@code tessera.bios}) must be disabled alongside: both claim F0000h.
 */
@Component(configurationPid = FirmwareImages.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FirmwareConfig.class)
public final class FirmwareImages {

    static final String PID = "tessera.firmware";
    /** Priority of the BIOS's aliases (the built-in BIOS's ROM has the same). */
    static final int BIOS_PRIORITY = 5;
    /** Priority of the option ROM (above RAM and the BIOS, below a chipset's shadow RAM). */
    static final int OPTION_ROM_PRIORITY = 20;
    /** Base of the VGA BIOS. */
    static final long VGA_BIOS_BASE = 0xC0000L;
    /** Largest system BIOS image (the flash window below 4 GiB). */
    static final int MAX_BIOS = 16 << 20;
    /** Largest part of the image the ISA side decodes below 1 MiB. */
    static final int LOW_ALIAS = 128 << 10;
    /** Largest option ROM at C0000h (the C and D segments). */
    static final int MAX_VGA_BIOS = 128 << 10;

    private static final System.Logger LOG = System.getLogger(FirmwareImages.class.getName());
    private static final long FOUR_GIB = 1L << 32;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** One mapping of an image. */
    record Mapping(String name, long base, byte[] bytes, int priority, boolean shadowable) {
    }

    @Activate
    void activate(BundleContext context, FirmwareConfig config) {
        List<Mapping> mappings = new ArrayList<>();
        try {
            if (!config.bios().isEmpty()) {
                mappings.addAll(biosMappings(Files.readAllBytes(Path.of(config.bios())), Path.of(config.bios())));
            }
            if (!config.vgabios().isEmpty()) {
                mappings.add(vgaBiosMapping(Files.readAllBytes(Path.of(config.vgabios())), Path.of(config.vgabios())));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "firmware not mapped: {0}", e instanceof IOException ? "cannot read " + e.getMessage() : e.getMessage());
            return;
        }
        for (Mapping m : mappings) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(RegionHandler.REGION_BASE, m.base());
            props.put(RegionHandler.REGION_SIZE, (long) m.bytes().length);
            props.put(RegionHandler.REGION_PRIORITY, m.priority());
            props.put(RegionHandler.REGION_NAME, m.name());
            // device ids tell these regions from the built-in BIOS's (bios.rom, bios.rom.high)
            props.put(StatefulDevice.DEVICE_ID, "firmware." + m.name());
            if (m.shadowable()) {
                props.put(RegionHandler.REGION_FIRMWARE, Boolean.TRUE);
            }
            registrations.add(context.registerService(RegionHandler.class, new RomRegion(m.bytes(), m.name()), props));
        }
        LOG.log(Level.INFO, "firmware mapped: {0}", mappings.stream()
                .map(m -> m.name() + " at 0x" + Long.toHexString(m.base())).toList());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
        registrations.clear();
    }

    /**
     * Where a system BIOS image goes: all of it ending at 4 GiB, its last 128 KiB (or all of it)
     * ending at 1 MiB.
     *
     * @throws IllegalArgumentException for a size the flash window cannot hold
     */
    static List<Mapping> biosMappings(byte[] image, Path file) {
        String problem = biosSizeProblem(image.length);
        if (problem != null) {
            throw new IllegalArgumentException("BIOS image " + file + ": " + problem);
        }
        int low = Math.min(image.length, LOW_ALIAS);
        byte[] alias = Arrays.copyOfRange(image, image.length - low, image.length);
        return List.of(
                new Mapping("bios", 0x100000L - low, alias, BIOS_PRIORITY, true),
                new Mapping("bios.high", FOUR_GIB - image.length, image, BIOS_PRIORITY, false));
    }

    /** Why a system BIOS of {@code size} bytes cannot be mapped, or null if it can. */
    static String biosSizeProblem(long size) {
        if (size == 0) {
            return "the image is empty";
        }
        if (size % (64 << 10) != 0 || size > MAX_BIOS) {
            return size + " bytes is not a whole number of 64 KiB up to 16 MiB (a BIOS image is 64 KiB, 128 KiB, 256 KiB...)";
        }
        return null;
    }

    /**
     * Where a VGA BIOS goes: C0000h.
     *
     * @throws IllegalArgumentException for an empty or too large image
     */
    static Mapping vgaBiosMapping(byte[] image, Path file) {
        String problem = vgaBiosSizeProblem(image.length);
        if (problem != null) {
            throw new IllegalArgumentException("VGA BIOS image " + file + ": " + problem);
        }
        // the bus maps whole bytes; round the ROM up to 512 bytes (the option ROM's own unit)
        int size = (image.length + 511) & ~511;
        byte[] rom = Arrays.copyOf(image, size);
        Arrays.fill(rom, image.length, size, (byte) 0xFF);
        return new Mapping("vgabios", VGA_BIOS_BASE, rom, OPTION_ROM_PRIORITY, true);
    }

    /** Why a VGA BIOS of {@code size} bytes cannot be mapped, or null if it can. */
    static String vgaBiosSizeProblem(long size) {
        if (size == 0) {
            return "the image is empty";
        }
        if (size > MAX_VGA_BIOS) {
            return size + " bytes does not fit in the option ROM space C0000h-DFFFFh (128 KiB)";
        }
        return null;
    }
}
