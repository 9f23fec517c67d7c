package org.tessera.dev.vga.internal;

/**
 * The attribute controller's colour path and the DAC, as lookup tables for one frame: from the
 * 4-bit value of the serializers (text attribute colours, planar pixels) or the 8-bit value of the
 * 256-colour path to 0xRRGGBB.
 *
 * <p>4-bit path: the value is masked by the colour plane enable register (ATTR 12h bits 0-3), picks
 * a palette register (ATTR 0-15, 6 bits); the DAC index takes bits 0-3 from it, bits 4-5 from it or,
 * with P54S (ATTR 10h bit 7), from colour select bits 0-1 (ATTR 14h), and bits 6-7 from colour
 * select bits 2-3.
 *
 * <p>8-bit path (ATTR 10h bit 6): the two 4-bit halves of a pixel (high half first) each pass the
 * colour plane enable and the palette; the low four bits of the two palette values form the DAC
 * index (first half in bits 4-7). With the standard identity palette this is the pixel byte.
 *
 * <p>Both paths end in the PEL mask (3C6) and the DAC's 6-bit colours, expanded to 8 bits.
 */
final class ColourPipeline {

    /** 4-bit value to colour. */
    final int[] colour16 = new int[16];
    /** 8-bit value to colour (the 256-colour path). */
    final int[] colour256 = new int[256];
    /** DAC index to colour (the PEL mask applied), for the VBE 8-bit modes. */
    final int[] dac = new int[256];
    /** The overscan colour (ATTR 11h through the DAC). */
    final int overscan;

    ColourPipeline(VgaHardware hw) {
        int mask = hw.pelMask & 0xFF;
        for (int i = 0; i < 256; i++) {
            dac[i] = hw.dacRgb(i & mask);
        }
        int[] attr = hw.attr;
        int planeEnable = attr[VgaHardware.ATTR_PLANE_ENABLE] & 0x0F;
        int modeControl = attr[VgaHardware.ATTR_MODE_CONTROL];
        int colourSelect = attr[VgaHardware.ATTR_COLOR_SELECT];
        boolean p54s = (modeControl & 0x80) != 0;
        int[] palette = new int[16];
        for (int v = 0; v < 16; v++) {
            palette[v] = attr[v & planeEnable] & 0x3F;
            int index = (colourSelect & 0x0C) << 4
                    | (p54s ? (colourSelect & 0x03) << 4 : palette[v] & 0x30)
                    | (palette[v] & 0x0F);
            colour16[v] = dac[index];
        }
        for (int v = 0; v < 256; v++) {
            colour256[v] = dac[(palette[v >> 4] & 0x0F) << 4 | (palette[v & 0x0F] & 0x0F)];
        }
        overscan = dac[attr[VgaHardware.ATTR_OVERSCAN] & 0xFF];
    }
}
