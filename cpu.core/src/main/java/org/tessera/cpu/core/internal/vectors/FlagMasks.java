package org.tessera.cpu.core.internal.vectors;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The undefined-flags masks of a test suite, from its {@code metadata.json}: for each opcode
 * (and, for group opcodes, each ModR/M {@code reg} value) the 16-bit AND mask that clears the
 * flags the instruction leaves undefined. Both the expected and the actual FLAGS are ANDed with
 * it before they are compared. Where the metadata gives no mask the mask is {@code 0xFFFF}.
 *
 * <p>The metadata's shape: {@code {"opcodes": {"27": {"flags-mask": 63487, ...}, "F7": {"reg":
 * {"6": {"flags-mask": 63274, ...}, ...}}, ...}}}. Immutable once loaded.
 */
public final class FlagMasks {

    /** The mask that keeps every flag. */
    public static final int ALL = 0xFFFF;

    /** {@code XX.MOO.gz}, {@code XX.R.MOO.gz}, {@code 0FXX.MOO}, ... (case-insensitive). */
    private static final Pattern FILE_NAME = Pattern.compile(
            "([0-9A-F]{2}|0F[0-9A-F]{2})(?:\\.([0-7]))?\\.MOO(?:\\.GZ)?", Pattern.CASE_INSENSITIVE);

    /** Key: upper-case opcode, or opcode + "." + reg for group forms. */
    private final Map<String, Integer> masks;

    private FlagMasks(Map<String, Integer> masks) {
        this.masks = Map.copyOf(masks);
    }

    /** Masks that keep every flag, for a suite without metadata. */
    public static FlagMasks none() {
        return new FlagMasks(Map.of());
    }

    /**
     * Reads a suite's {@code metadata.json}.
     *
     * @param metadata the file
     * @return its masks
     * @throws IOException if the file cannot be read, is not valid JSON, or a mask is not a
     *     16-bit number
     */
    public static FlagMasks load(Path metadata) throws IOException {
        byte[] bytes = Files.readAllBytes(metadata);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(metadata + ": not UTF-8 text", e);
        }
        return parse(text, metadata.toString());
    }

    /**
     * Reads masks from the text of a {@code metadata.json}.
     *
     * @param json the text
     * @param source a name for messages
     * @return the masks
     * @throws IOException if the text is not valid JSON or a mask is not a 16-bit number
     */
    public static FlagMasks parse(String json, String source) throws IOException {
        Object root = Json.parse(json, source);
        if (!(root instanceof Map<?, ?> top)) {
            throw new IOException(source + ": the top level is not a JSON object");
        }
        Object opcodes = top.get("opcodes");
        if (opcodes == null) {
            return new FlagMasks(Map.of());
        }
        if (!(opcodes instanceof Map<?, ?> table)) {
            throw new IOException(source + ": \"opcodes\" is not an object");
        }
        Map<String, Integer> masks = new HashMap<>();
        for (Map.Entry<?, ?> e : table.entrySet()) {
            String opcode = ((String) e.getKey()).toUpperCase(Locale.ROOT);
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new IOException(source + ": opcode \"" + opcode + "\" is not an object");
            }
            Integer mask = mask(entry, source, opcode);
            if (mask != null) {
                masks.put(opcode, mask);
            }
            Object reg = entry.get("reg");
            if (reg == null) {
                continue;
            }
            if (!(reg instanceof Map<?, ?> forms)) {
                throw new IOException(source + ": \"reg\" of opcode \"" + opcode + "\" is not an object");
            }
            for (Map.Entry<?, ?> f : forms.entrySet()) {
                String key = opcode + "." + f.getKey();
                if (!(f.getValue() instanceof Map<?, ?> form)) {
                    throw new IOException(source + ": \"" + key + "\" is not an object");
                }
                Integer formMask = mask(form, source, key);
                if (formMask != null) {
                    masks.put(key, formMask);
                }
            }
        }
        return new FlagMasks(masks);
    }

    private static Integer mask(Map<?, ?> entry, String source, String what) throws IOException {
        Object value = entry.get("flags-mask");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Long n) || n < 0 || n > 0xFFFF) {
            throw new IOException(source + ": \"flags-mask\" of \"" + what + "\" is not a number 0..65535: " + value);
        }
        return n.intValue();
    }

    /**
     * The mask for a test file, by its name: {@code F7.6.MOO.gz} is opcode F7 with
     * {@code reg} 6, {@code 27.MOO.gz} opcode 27. A group form without its own mask falls back
     * to the opcode's; a name that is not a test file name, or an opcode without a mask, gets
     * {@link #ALL}.
     *
     * @param fileName the file name (a path's last element; folders are ignored)
     * @return the 16-bit mask
     */
    public int forFile(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return ALL;
        }
        String opcode = m.group(1).toUpperCase(Locale.ROOT);
        if (m.group(2) != null) {
            Integer form = masks.get(opcode + "." + m.group(2));
            if (form != null) {
                return form;
            }
        }
        return masks.getOrDefault(opcode, ALL);
    }

    /**
     * The mask for an opcode and, for group opcodes, a {@code reg} value.
     *
     * @param opcode the opcode, {@code 0x00}-{@code 0xFF} (or {@code 0x0Fxx})
     * @param reg the ModR/M {@code reg} field 0-7, or -1 for none
     * @return the 16-bit mask
     */
    public int forOpcode(int opcode, int reg) {
        String key = String.format(opcode > 0xFF ? "%04X" : "%02X", opcode);
        if (reg >= 0) {
            Integer form = masks.get(key + "." + reg);
            if (form != null) {
                return form;
            }
        }
        return masks.getOrDefault(key, ALL);
    }
}
