package org.tessera.firmware.bios.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 64 KiB BIOS ROM at F0000h, generated here (no binary in the repository). All offsets are in
 * segment F000h.
 *
 * <p>Each BIOS interrupt has an entry stub that traps to Java by an OUT to {@link #TRAP_PORT}:
 * <pre>
 *   entry: push ax
 *          mov  al, NUMBER      ; the trap number: the interrupt vector
 *          out  0E0h, al        ; the Java service runs during this OUT
 *          pop  ax
 *          jc   wait            ; the service asked to wait (it set the live carry flag)
 *          [int 1Ch]            ; INT 08h only: the user timer hook
 *          iret
 *   wait:  sti
 *          hlt                  ; until an interrupt (a key, a timer tick)
 *          jmp  entry
 * </pre>
 * The interrupt vectors point at the IBM PC compatible entry addresses (E3FEh for INT 13h, F065h for
 * INT 10h, ...), which hold a near jump to the stub. Also in the ROM: the POST stub (the reset vector
 * at FFF0h jumps there; it traps with {@link #TRAP_POST}, then STI, INT 19h, and halts if that
 * returns), the halt loop, end-of-interrupt stubs for the other hardware interrupts, a dummy IRET at
 * FF53h, the diskette parameter table at EFC7h (INT 1Eh), the configuration table at E6F5h
 * (INT 15h AH=C0h), the date at FFF5h and the model byte FCh (AT) at FFFEh.
 */
final class Rom {

    /** The port the entry stubs write their trap number to; not claimed by any other device. */
    static final int TRAP_PORT = 0xE0;
    /** The trap number of the POST stub. */
    static final int TRAP_POST = 0xF0;

    static final int SEGMENT = 0xF000;
    static final long BASE = 0xF0000L;
    static final int SIZE = 0x10000;

    /** The interrupts served by a trap, with the IBM-compatible entry offsets the vectors point at. */
    static final Map<Integer, Integer> ENTRIES;

    static {
        Map<Integer, Integer> m = new TreeMap<>();
        m.put(0x08, 0xFEA5);
        m.put(0x09, 0xE987);
        m.put(0x10, 0xF065);
        m.put(0x11, 0xF84D);
        m.put(0x12, 0xF841);
        m.put(0x13, 0xE3FE);
        m.put(0x14, 0xE739);
        m.put(0x15, 0xF859);
        m.put(0x16, 0xE82E);
        m.put(0x17, 0xEFD2);
        m.put(0x18, 0xE6E0);
        m.put(0x19, 0xE6F2);
        m.put(0x1A, 0xFE6E);
        ENTRIES = java.util.Collections.unmodifiableMap(m);
    }

    static final int STUBS = 0x1000;
    static final int STUB_SIZE = 0x20;
    static final int EOI_MASTER = 0x0E00;
    static final int EOI_SLAVE = 0x0E10;
    static final int POST = 0x0E40;
    /** The halt loop: CLI; HLT; JMP back to the HLT. */
    static final int HALT = POST + 7;
    static final int DUMMY_IRET = 0xFF53;
    static final int DISKETTE_TABLE = 0xEFC7;
    static final int CONFIG_TABLE = 0xE6F5;
    static final int RESET = 0xFFF0;
    static final int DATE = 0xFFF5;
    static final int MODEL = 0xFFFE;
    static final String DATE_TEXT = "01/01/26";

    private Rom() {
    }

    /** The offset of the stub of trap {@code vector}. */
    static int stub(int vector) {
        int i = 0;
        for (int v : ENTRIES.keySet()) {
            if (v == vector) {
                return STUBS + i * STUB_SIZE;
            }
            i++;
        }
        throw new IllegalArgumentException("no stub for " + Integer.toHexString(vector));
    }

    /** The whole ROM image. */
    static byte[] build() {
        byte[] r = new byte[SIZE];
        for (Map.Entry<Integer, Integer> e : ENTRIES.entrySet()) {
            int vector = e.getKey();
            int at = stub(vector);
            int p = at;
            r[p++] = 0x50;                       // push ax
            r[p++] = (byte) 0xB0;                // mov al, vector
            r[p++] = (byte) vector;
            r[p++] = (byte) 0xE6;                // out TRAP_PORT, al
            r[p++] = (byte) TRAP_PORT;
            r[p++] = 0x58;                       // pop ax
            int jc = p;
            r[p++] = 0x72;                       // jc wait
            p++;
            if (vector == 0x08) {
                r[p++] = (byte) 0xCD;            // int 1Ch
                r[p++] = 0x1C;
            }
            r[p++] = (byte) 0xCF;                // iret
            int wait = p;
            r[jc + 1] = (byte) (wait - (jc + 2));
            r[p++] = (byte) 0xFB;                // sti
            r[p++] = (byte) 0xF4;                // hlt
            r[p++] = (byte) 0xEB;                // jmp entry
            r[p] = (byte) (at - (p + 1));
            nearJump(r, e.getValue(), at);
        }
        // end of interrupt for the other IRQs: push ax; mov al,20h; [out A0h,al;] out 20h,al; pop ax; iret
        byte[] master = {0x50, (byte) 0xB0, 0x20, (byte) 0xE6, 0x20, 0x58, (byte) 0xCF};
        byte[] slave = {0x50, (byte) 0xB0, 0x20, (byte) 0xE6, (byte) 0xA0, (byte) 0xE6, 0x20, 0x58, (byte) 0xCF};
        System.arraycopy(master, 0, r, EOI_MASTER, master.length);
        System.arraycopy(slave, 0, r, EOI_SLAVE, slave.length);
        // POST: mov al, TRAP_POST; out TRAP_PORT, al; sti; int 19h; halt: cli; hlt; jmp halt
        byte[] post = {(byte) 0xB0, (byte) TRAP_POST, (byte) 0xE6, (byte) TRAP_PORT, (byte) 0xFB, (byte) 0xCD, 0x19,
            (byte) 0xFA, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD};
        System.arraycopy(post, 0, r, POST, post.length);
        r[DUMMY_IRET] = (byte) 0xCF;
        // diskette parameters of a 1.44 MB drive: step rate/head unload, head load/DMA, motor off
        // delay, 512-byte sectors, 18 sectors per track, gap, data length, format gap, fill byte,
        // head settle, motor start
        byte[] diskette = {(byte) 0xAF, 0x02, 0x25, 0x02, 0x12, 0x1B, (byte) 0xFF, 0x6C, (byte) 0xF6, 0x0F, 0x08};
        System.arraycopy(diskette, 0, r, DISKETTE_TABLE, diskette.length);
        // configuration table: length 8, model FCh, submodel 01h, revision 0, feature byte 1:
        // second 8259A (bit 6), real-time clock (bit 5); features 2-5 none
        byte[] config = {0x08, 0x00, (byte) 0xFC, 0x01, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00};
        System.arraycopy(config, 0, r, CONFIG_TABLE, config.length);
        // reset vector: jmp far F000:POST
        r[RESET] = (byte) 0xEA;
        r[RESET + 1] = (byte) POST;
        r[RESET + 2] = (byte) (POST >> 8);
        r[RESET + 3] = 0x00;
        r[RESET + 4] = (byte) 0xF0;
        byte[] date = DATE_TEXT.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(date, 0, r, DATE, date.length);
        r[MODEL] = (byte) 0xFC;
        return r;
    }

    private static void nearJump(byte[] r, int at, int target) {
        int rel = target - (at + 3);
        r[at] = (byte) 0xE9;
        r[at + 1] = (byte) rel;
        r[at + 2] = (byte) (rel >> 8);
    }
}
