package org.tessera.dev.vga.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.machine.api.display.VideoModes;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The standard video modes of this VGA for a built-in BIOS: programs the VGA through its own port
 * handler and memory window (the services of device {@value VgaDevice#DEVICE_ID}), exactly as a
 * guest would, from {@link VgaModeTables} and {@link VgaFonts}. See {@link VgaModeSetter}.
 */
@Component(service = VideoModes.class)
public final class VgaVideoModes implements VideoModes {

    private final VgaModeSetter setter;

    @Activate
    public VgaVideoModes(
            @Reference(target = "(&(device.id=vga)(tessera.port.name=vga))") PortHandler ports,
            @Reference(target = "(&(device.id=vga)(tessera.region.name=vga))") RegionHandler window) {
        this.setter = new VgaModeSetter(ports, window);
    }

    @Override
    public boolean setMode(int mode, boolean keepMemory) {
        return setter.setMode(mode, keepMemory);
    }

    @Override
    public boolean loadFont(int height, int block) {
        return setter.loadFont(height, block);
    }
}
