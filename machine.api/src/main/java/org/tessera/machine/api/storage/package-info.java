/**
 * Disk drives and their media.
 *
 * <p>The storage bundle <em>provides</em> {@link org.tessera.machine.api.storage.Drive} services
 * (one per unit, backed by image files); the disk controllers and the firmware <em>use</em> them.
 */
@Export
@Version("1.0.0")
package org.tessera.machine.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
