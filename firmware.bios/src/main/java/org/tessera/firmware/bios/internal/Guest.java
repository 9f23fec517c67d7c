package org.tessera.firmware.bios.internal;

import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The guest as a trapped BIOS service sees it: its registers (through {@link Processor}, allowed on
 * the CPU thread during the trapping OUT), its memory (through {@link MemoryBus}) and its ports
 * (through {@link IoBus}).
 *
 * <p>The entry stubs of {@link Rom} push AX before they load the trap number into AL, so while a
 * service runs the caller's AX is the word at SS:SP, above it the interrupt frame: IP at SP+2, CS at
 * SP+4, FLAGS at SP+6. {@link #ax()} and {@link #setAx} work on the saved word (the stub's POP
 * restores it), and the results in flags ({@link #carry}, {@link #zero}) go to the FLAGS image the
 * IRET restores. {@link #retry()} sets the live carry flag instead, which the stub tests after the
 * OUT: it then waits (STI; HLT) and traps again.
 */
final class Guest {

    static final int CF = 0x0001;
    static final int ZF = 0x0040;
    static final int IF = 0x0200;

    final Processor cpu;
    final MemoryBus mem;
    final IoBus io;

    Guest(Processor cpu, MemoryBus mem, IoBus io) {
        this.cpu = cpu;
        this.mem = mem;
        this.io = io;
    }

    // ---------------------------------------------------------------- registers

    int reg(Register r) {
        return cpu.register(r);
    }

    void set(Register r, int v) {
        cpu.setRegister(r, v);
    }

    /** The low 16 bits of a register. */
    int reg16(Register r) {
        return cpu.register(r) & 0xFFFF;
    }

    /** Sets the low 16 bits of a general register, keeping the high half. */
    void set16(Register r, int v) {
        cpu.setRegister(r, (cpu.register(r) & 0xFFFF0000) | (v & 0xFFFF));
    }

    int bx() {
        return reg16(Register.EBX);
    }

    int cx() {
        return reg16(Register.ECX);
    }

    int dx() {
        return reg16(Register.EDX);
    }

    int bl() {
        return bx() & 0xFF;
    }

    int bh() {
        return bx() >> 8;
    }

    int cl() {
        return cx() & 0xFF;
    }

    int ch() {
        return cx() >> 8;
    }

    int dl() {
        return dx() & 0xFF;
    }

    int dh() {
        return dx() >> 8;
    }

    int es() {
        return reg16(Register.ES);
    }

    int ds() {
        return reg16(Register.DS);
    }

    int si() {
        return reg16(Register.ESI);
    }

    int di() {
        return reg16(Register.EDI);
    }

    int bp() {
        return reg16(Register.EBP);
    }

    void setBx(int v) {
        set16(Register.EBX, v);
    }

    void setCx(int v) {
        set16(Register.ECX, v);
    }

    void setDx(int v) {
        set16(Register.EDX, v);
    }

    void setBh(int v) {
        setBx((bx() & 0xFF) | (v & 0xFF) << 8);
    }

    void setBl(int v) {
        setBx((bx() & 0xFF00) | (v & 0xFF));
    }

    void setDl(int v) {
        setDx((dx() & 0xFF00) | (v & 0xFF));
    }

    // ------------------------------------------------------ the trap frame

    long stack(int offset) {
        return cpu.segmentBase(Register.SS) + ((reg16(Register.ESP) + offset) & 0xFFFF);
    }

    /** The caller's AX (saved by the stub). */
    int ax() {
        return mem.read(stack(0), 2) & 0xFFFF;
    }

    void setAx(int v) {
        mem.write(stack(0), 2, v & 0xFFFF);
    }

    int al() {
        return ax() & 0xFF;
    }

    int ah() {
        return ax() >> 8;
    }

    void setAl(int v) {
        setAx((ax() & 0xFF00) | (v & 0xFF));
    }

    void setAh(int v) {
        setAx((ax() & 0xFF) | (v & 0xFF) << 8);
    }

    /** The caller's EAX: the live high half and the saved low half. */
    int eax() {
        return (cpu.register(Register.EAX) & 0xFFFF0000) | ax();
    }

    void setEax(int v) {
        cpu.setRegister(Register.EAX, v);
        setAx(v);
    }

    /** The FLAGS image the IRET restores. */
    int flags() {
        return mem.read(stack(6), 2) & 0xFFFF;
    }

    void setFlag(int mask, boolean on) {
        int f = flags();
        mem.write(stack(6), 2, on ? f | mask : f & ~mask);
    }

    void carry(boolean on) {
        setFlag(CF, on);
    }

    void zero(boolean on) {
        setFlag(ZF, on);
    }

    /** Where the IRET returns to. */
    void setReturn(int cs, int ip) {
        mem.write(stack(2), 2, ip);
        mem.write(stack(4), 2, cs);
    }

    /** The stub waits for an interrupt and traps again (live CF set). */
    void retry() {
        cpu.setRegister(Register.EFLAGS, cpu.register(Register.EFLAGS) | CF);
    }

    /** Called before every service: the stub returns unless the service asks for a retry. */
    void noRetry() {
        cpu.setRegister(Register.EFLAGS, cpu.register(Register.EFLAGS) & ~CF);
    }

    // ------------------------------------------------------ memory

    static long linear(int seg, int off) {
        return ((long) (seg & 0xFFFF) << 4) + (off & 0xFFFF);
    }

    int rb(long a) {
        return mem.read(a, 1) & 0xFF;
    }

    int rw(long a) {
        return mem.read(a, 2) & 0xFFFF;
    }

    int rd(long a) {
        return mem.read(a, 4);
    }

    void wb(long a, int v) {
        mem.write(a, 1, v & 0xFF);
    }

    void ww(long a, int v) {
        mem.write(a, 2, v & 0xFFFF);
    }

    void wd(long a, int v) {
        mem.write(a, 4, v);
    }

    /** Copies guest memory to {@code buf}. */
    void read(long a, byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            buf[off + i] = (byte) mem.read(a + i, 1);
        }
    }

    void write(long a, byte[] buf, int off, int len) {
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            int v = (buf[off + i] & 0xFF) | (buf[off + i + 1] & 0xFF) << 8 | (buf[off + i + 2] & 0xFF) << 16
                    | (buf[off + i + 3] & 0xFF) << 24;
            mem.write(a + i, 4, v);
        }
        for (; i < len; i++) {
            mem.write(a + i, 1, buf[off + i] & 0xFF);
        }
    }

    // ------------------------------------------------------ ports

    int in(int port) {
        return io.in(port, 1) & 0xFF;
    }

    void out(int port, int v) {
        io.out(port, 1, v & 0xFF);
    }

    int cmos(int index) {
        out(0x70, index & 0x7F);
        return in(0x71);
    }

    void cmos(int index, int v) {
        out(0x70, index & 0x7F);
        out(0x71, v);
    }
}
