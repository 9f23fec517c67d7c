package org.tessera.machine.api.io;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ISA DMA controllers (an 8237A pair with page registers, provided by {@code dev.ioports}) as a
 * device sees them: channels 0-3 move bytes, 5-7 16-bit words (channel 4 is the cascade). The guest
 * programs a channel's address, count, mode and mask through the ports; a device whose request is
 * active moves its data through here, and the controller reads or writes memory through the
 * memory bus at the channel's current address, counting down (or up) as the mode says.
 */
@ProviderType
public interface IsaDma {

    /**
     * A transfer from the device into memory (the 8237's "write" transfer: a disk read). Moves up
     * to {@code length} bytes from {@code data}; stops at terminal count.
     *
     * @return the bytes the channel took: 0 if it is masked or not programmed for this direction
     */
    int toMemory(int channel, byte[] data, int offset, int length);

    /**
     * A transfer from memory to the device (the 8237's "read" transfer: a disk write). Fills up to
     * {@code length} bytes of {@code data}; stops at terminal count.
     *
     * @return the bytes moved: 0 if the channel is masked or not programmed for this direction
     */
    int fromMemory(int channel, byte[] data, int offset, int length);

    /** Whether the channel has reached terminal count since it was last programmed. */
    boolean terminalCount(int channel);
}
