/**
 * Input from the host: keys for the machine's keyboard.
 *
 * <p>The keyboard device <em>provides</em> {@link org.tessera.machine.api.input.KeyboardInput};
 * the launcher and tools (typing into a guest, a window's key events) <em>use</em> it.
 */
@Export
@Version("1.1.0")
package org.tessera.machine.api.input;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
