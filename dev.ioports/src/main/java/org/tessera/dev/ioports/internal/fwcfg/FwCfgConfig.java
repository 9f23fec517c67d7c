package org.tessera.dev.ioports.internal.fwcfg;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the QEMU firmware configuration interface (PID {@value FwCfgComponent#PID}). */
@ObjectClassDefinition(id = FwCfgComponent.PID, name = "Tessera fw_cfg (ports 510h-511h)",
        description = "The QEMU firmware configuration interface SeaBIOS reads: fixed items and named files. "
                + "Files and strings are read when the device starts or is reconfigured.")
public @interface FwCfgConfig {

    /** {@code NAME=PATH} entries: the fw_cfg file NAME holds the bytes of the host file PATH. */
    @AttributeDefinition(name = "Files",
            description = "NAME=PATH: the fw_cfg file NAME (1-55 bytes, e.g. vgaroms/vgabios.bin or opt/org.example/x) "
                    + "holds the contents of the host file PATH (split at the first =; at most 64 MiB). A file that "
                    + "cannot be read is logged as an error and left out.")
    String[] files() default {};

    /** {@code NAME=TEXT} entries: the fw_cfg file NAME holds TEXT (UTF-8, no terminating NUL). */
    @AttributeDefinition(name = "Strings",
            description = "NAME=TEXT: the fw_cfg file NAME holds TEXT as UTF-8 without a terminating NUL; \\n in TEXT "
                    + "stands for a newline and \\\\ for a backslash (e.g. bootorder=/isa/fdc@03f0/floppy@0\\n). "
                    + "A name also given in files is left out.")
    String[] strings() default {};

    /** The RAM size item in bytes, or -1 for the size of the memory bus's region named {@code ram}. */
    @AttributeDefinition(name = "RAM size (bytes)",
            description = "What item 0003h (RAM size) answers; -1 takes the size of the memory bus's region ram.")
    long ramSize() default -1;
}
