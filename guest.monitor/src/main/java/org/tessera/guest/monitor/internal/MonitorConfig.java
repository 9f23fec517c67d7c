package org.tessera.guest.monitor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the guest monitor (PID {@value GuestMonitor#PID}); changes apply at once. */
@ObjectClassDefinition(id = GuestMonitor.PID, name = "Tessera guest monitor",
        description = "Watches the guest's system structures (GDT, IDT, LDT, TSS, page directory and tables, the"
                + " real-mode IVT) on the memory bus.")
public @interface MonitorConfig {

    /** The profile: what is watched and how, before the per-structure overrides. */
    @AttributeDefinition(name = "Profile", description = "watch: notify on every structure; integrity: notify until"
            + " the guest loads its IDT in protected mode, then deny writes to GDT and IDT; paging: notify on page"
            + " directory and page tables only; off: nothing.",
            options = {
                @Option(label = "watch", value = "watch"),
                @Option(label = "integrity", value = "integrity"),
                @Option(label = "paging", value = "paging"),
                @Option(label = "off", value = "off")
            })
    String profile() default "watch";

    /** How the integrity profile denies. */
    @AttributeDefinition(name = "Denial", description = "How the integrity profile refuses a guest write: drop, gp"
            + " (#GP(0)) or pf (#PF).",
            options = {
                @Option(label = "drop", value = "drop"),
                @Option(label = "gp", value = "gp"),
                @Option(label = "pf", value = "pf")
            })
    String denial() default "drop";

    @AttributeDefinition(name = "GDT", required = false, description = OVERRIDE)
    String gdt() default "";

    @AttributeDefinition(name = "IDT", required = false, description = OVERRIDE)
    String idt() default "";

    @AttributeDefinition(name = "LDT", required = false, description = OVERRIDE)
    String ldt() default "";

    @AttributeDefinition(name = "TSS", required = false, description = OVERRIDE)
    String tss() default "";

    @AttributeDefinition(name = "Page directory", required = false, description = OVERRIDE)
    String pageDirectory() default "";

    @AttributeDefinition(name = "Page tables", required = false, description = OVERRIDE)
    String pageTables() default "";

    @AttributeDefinition(name = "IVT", required = false, description = OVERRIDE)
    String ivt() default "";

    /** Size of the ring of latest events. */
    @AttributeDefinition(name = "Events kept", description = "How many of the latest events the monitor keeps.")
    int events() default 1000;

    /** The JSON-lines log. */
    @AttributeDefinition(name = "Log file", required = false,
            description = "A file that receives every event as one JSON line (empty: no file).")
    String logFile() default "";

    /** Whether shadow redirects complete on the monitor's thread. */
    @AttributeDefinition(name = "Asynchronous redirect", description = "Shadow writes complete on the monitor's"
            + " thread (the CPU takes its REDIRECT exit) rather than at once.")
    boolean asyncRedirect() default true;

    /** The description of every override. */
    String OVERRIDE = "Overrides the profile for this structure: off, notify, drop, gp, pf or shadow (empty: as the"
            + " profile says).";
}
