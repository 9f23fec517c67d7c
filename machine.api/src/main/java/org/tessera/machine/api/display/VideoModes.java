package org.tessera.machine.api.display;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The standard video modes as the video BIOS sets them, provided by the display adapter (dev.vga,
 * from its own register tables): what a built-in BIOS's INT 10h uses instead of carrying register
 * tables of its own. Called on the CPU thread from a firmware service; the effect is exactly that
 * of the guest programming the registers itself.
 */
@ProviderType
public interface VideoModes {

    /**
     * Sets standard mode {@code mode} (00h-07h, 0Dh-13h): every register from the mode's table,
     * the palette and DAC, the font for text modes; clears video memory unless {@code keepMemory}
     * (INT 10h AH=00h with bit 7 of AL set).
     *
     * @return false if the adapter has no such mode (nothing changed)
     */
    boolean setMode(int mode, boolean keepMemory);

    /**
     * Loads one of the adapter's built-in fonts ({@code height} 8, 14 or 16 scan lines) into
     * character generator block {@code block} (0-7), as INT 10h AX=1111h/1112h/1114h do.
     *
     * @return false if there is no font of that height
     */
    boolean loadFont(int height, int block);
}
