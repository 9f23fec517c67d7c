package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagMasksTest {

    private static final String METADATA = """
            {"cpu": "286", "opcodes": {
              "27": {"status": "normal", "flags": "o.......", "flags-mask": 63487},
              "90": {"status": "normal"},
              "f7": {"reg": {"0": {"flags-mask": 65519}, "6": {"flags": "o..szapc", "flags-mask": 63274},
                             "2": {"status": "normal"}}},
              "0FA4": {"flags-mask": 2}
            }}
            """;

    @Test
    void masksByFileName() throws IOException {
        FlagMasks masks = FlagMasks.parse(METADATA, "m");
        assertEquals(63487, masks.forFile("27.MOO.gz"));
        assertEquals(63487, masks.forFile("/some/folder/27.moo"));
        assertEquals(63274, masks.forFile("F7.6.MOO.gz"));
        assertEquals(65519, masks.forFile("f7.0.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("F7.2.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("F7.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("90.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("C8.MOO.gz"));
        assertEquals(2, masks.forFile("0FA4.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("metadata.json"));
        assertEquals(0xFFFF, masks.forFile("27.8.MOO.gz"));
    }

    @Test
    void masksByOpcode() throws IOException {
        FlagMasks masks = FlagMasks.parse(METADATA, "m");
        assertEquals(63487, masks.forOpcode(0x27, -1));
        assertEquals(63274, masks.forOpcode(0xF7, 6));
        assertEquals(0xFFFF, masks.forOpcode(0xF7, 3));
        assertEquals(2, masks.forOpcode(0x0FA4, -1));
        assertEquals(0xFFFF, FlagMasks.none().forOpcode(0x27, -1));
    }

    @Test
    void rejectsMalformedMetadata(@TempDir Path dir) throws IOException {
        assertMessage("[]", "top level is not a JSON object");
        assertMessage("{\"opcodes\": 3}", "\"opcodes\" is not an object");
        assertMessage("{\"opcodes\": {\"27\": {\"flags-mask\": 70000}}}", "not a number 0..65535");
        assertMessage("{\"opcodes\": {\"27\": {\"flags-mask\": \"x\"}}}", "not a number 0..65535");
        assertMessage("{\"opcodes\": {\"F7\": {\"reg\": []}}}", "is not an object");
        assertEquals(0xFFFF, FlagMasks.parse("{}", "m").forFile("27.MOO.gz"));
        Path latin1 = dir.resolve("metadata.json");
        Files.write(latin1, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        IOException e = assertThrows(IOException.class, () -> FlagMasks.load(latin1));
        assertTrue(e.getMessage().contains("not UTF-8"));
    }

    @Test
    void sharedMetadataGivesTheReadmeExamples() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        FlagMasks masks = FlagMasks.load(folder.resolve("metadata.json"));
        assertEquals(63487, masks.forFile("27.MOO.gz"));
        assertEquals(63274, masks.forFile("F7.6.MOO.gz"));
        assertEquals(63470, masks.forFile("D3.4.MOO.gz"));
        assertEquals(65519, masks.forFile("08.MOO.gz"));
        assertEquals(0xFFFF, masks.forFile("00.MOO.gz"));
    }

    private static void assertMessage(String json, String part) {
        IOException e = assertThrows(IOException.class, () -> FlagMasks.parse(json, "m.json"));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
