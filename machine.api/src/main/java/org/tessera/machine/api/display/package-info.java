/**
 * The display contract: the current frame as pixels and, in text modes, the text screen.
 * Provided by a video device; used by the launcher (window, screenshots) and tests.
 */
@Export
@Version("1.1.0")
package org.tessera.machine.api.display;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
