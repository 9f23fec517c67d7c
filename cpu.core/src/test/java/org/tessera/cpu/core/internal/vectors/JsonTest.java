package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsObjectsStringsAndNumbers() throws IOException {
        Object value = Json.parse("""
                {
                    "version": "1.0.0",
                    "syntax_version": 2,
                    "opcodes": {"27": {"flags": "o.......", "flags-mask": 63487}},
                    "neg": -12, "real": 1.5e3, "list": [1, "a", true, false, null, []],
                    "escapes": "a\\"b\\\\c\\/\\n\\u00e9\\t"
                }
                """, "m.json");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("version", "syntax_version", "opcodes", "neg", "real", "list", "escapes"),
                List.copyOf(map.keySet()));
        assertEquals("1.0.0", map.get("version"));
        assertEquals(2L, map.get("syntax_version"));
        assertEquals(63487L, ((Map<?, ?>) ((Map<?, ?>) map.get("opcodes")).get("27")).get("flags-mask"));
        assertEquals(-12L, map.get("neg"));
        assertEquals(1500.0, map.get("real"));
        assertEquals(Arrays.asList(1L, "a", true, false, null, List.of()), map.get("list"));
        assertEquals("a\"b\\c/\n\u00e9\t", map.get("escapes"));
        assertNull(Json.parse(" null ", "x"));
        assertEquals(92233720368547758070.0, Json.parse("92233720368547758070", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.", "-", "1e",
        "\"tab\there\"", "\"bad \\x\"", "\"\\u12\"", "tru", "{\"a\":1}{", "{\"a\":1,\"a\":2}", "// c\n1", "[1 2]",
        "\"open"})
    void rejectsWhatIsNotStrictJson(String text) {
        IOException e = assertThrows(IOException.class, () -> Json.parse(text, "bad.json"));
        assertTrue(e.getMessage().startsWith("bad.json: invalid JSON at line "), e.getMessage());
    }

    @Test
    void errorsGiveLineAndColumn() {
        IOException e = assertThrows(IOException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": x\n}", "m.json"));
        assertEquals("m.json: invalid JSON at line 3, column 8: unexpected 'x', a value is expected", e.getMessage());
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        IOException e = assertThrows(IOException.class, () -> Json.parse(deep, "deep"));
        assertTrue(e.getMessage().contains("nested deeper"));
    }
}
