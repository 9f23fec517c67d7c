package org.tessera.dev.ioports.internal.fwcfg;

/**
 * The fw_cfg interface's selection: the selected key and the offset of the next data byte. A
 * read answers the next byte of the selected item, or 0 past its end or when no item has the
 * key (the offset then stays). Selecting resets the offset. At power-on the signature is
 * selected. Reads allocate nothing. Not thread safe; the component locks.
 */
final class FwCfg {

    private FwCfgItems items;
    /** The RAM size item, written when it is selected. */
    private final byte[] ramSize = new byte[8];
    private int key;
    /** The selected item, or null. */
    private byte[] current;
    private int offset;

    FwCfg(FwCfgItems items) {
        this.items = items;
        select(FwCfgItems.SIGNATURE, 0);
    }

    /** Whether {@code key} selects the RAM size item (whose value the caller must then give). */
    static boolean isRamSize(int key) {
        return (key & FwCfgItems.ARCH_LOCAL) == 0 && (key & FwCfgItems.ENTRY_MASK) == FwCfgItems.RAM_SIZE;
    }

    /** Selects {@code key} (the low 16 bits); {@code ramBytes} is the RAM size item's value if it is selected. */
    void select(int key, long ramBytes) {
        this.key = key & 0xFFFF;
        offset = 0;
        if (isRamSize(this.key)) {
            FwCfgItems.putLe(ramSize, 0, ramBytes, 8);
        }
        current = resolve(this.key);
    }

    private byte[] resolve(int k) {
        return isRamSize(k) ? ramSize : items.item(k);
    }

    /** The next data byte (0-FFh). */
    int read() {
        byte[] item = current;
        if (item == null || offset >= item.length) {
            return 0;
        }
        return item[offset++] & 0xFF;
    }

    /** Replaces the items (a new configuration); the selection and offset stay, clamped to the new item. */
    void items(FwCfgItems newItems) {
        items = newItems;
        current = resolve(key);
        offset = Math.min(offset, current == null ? 0 : current.length);
    }

    /** The items now. */
    FwCfgItems items() {
        return items;
    }

    /** The selected key. */
    int key() {
        return key;
    }

    /** The offset of the next byte in the selected item. */
    int offset() {
        return offset;
    }

    /** Restores a selection: {@code key} selected, {@code offset} bytes read (clamped to the item). */
    void restore(int key, long offset, long ramBytes) {
        select(key, ramBytes);
        this.offset = (int) Math.min(Math.max(offset, 0), current == null ? 0 : current.length);
    }
}
