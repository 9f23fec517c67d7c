package org.tessera.launcher.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What the machine's Declarative Services components promise: which bundles declare a
 * component providing a given service. This tells "the part is missing from this machine"
 * (nobody declares it: say so at once) from "the part is there but not up yet" (wait for it),
 * and which components failed to activate (a configuration the device rejected), so that a wait
 * can end at once with the reason.
 */
final class ComponentCatalog {

    private final ServiceComponentRuntime runtime;

    /** @param runtime the DS runtime, or null (then nothing is known to be declared) */
    ComponentCatalog(ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The symbolic names of the bundles with an enabled component that provides
     * {@code serviceInterface}, sorted; empty if none does.
     */
    List<String> providersOf(String serviceInterface) {
        if (runtime == null) {
            return List.of();
        }
        Collection<ComponentDescriptionDTO> descriptions = runtime.getComponentDescriptionDTOs();
        TreeSet<String> bundles = new TreeSet<>();
        for (ComponentDescriptionDTO d : descriptions) {
            if (d.serviceInterfaces != null && Arrays.asList(d.serviceInterfaces).contains(serviceInterface)
                    && runtime.isComponentEnabled(d)) {
                bundles.add(d.bundle.symbolicName);
            }
        }
        return List.copyOf(bundles);
    }

    /**
     * Whether an enabled component takes configurations of {@code pid} (its configuration PID):
     * how a part that registers its services itself, as the storage bundle's drives do, shows
     * that it is in the machine.
     */
    boolean takesConfiguration(String pid) {
        if (runtime == null) {
            return false;
        }
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (d.configurationPid != null && Arrays.asList(d.configurationPid).contains(pid)
                    && runtime.isComponentEnabled(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The components whose activation failed, one line each: the component, its bundle and the
     * first line of the failure ({@code RamRegion (mem.bus): RAM size ... is outside ...}).
     */
    List<String> activationFailures() {
        if (runtime == null) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failures.add(simpleName(d.name) + " (" + d.bundle.symbolicName + "): " + firstLine(c.failure));
                }
            }
        }
        return failures;
    }

    /** The last segment of a dotted name. */
    static String simpleName(String name) {
        return name == null ? "?" : name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * The first line of a failure (DS gives the stack trace), without the exception's class name
     * when it carries a message: {@code java.lang.IllegalArgumentException: bad} becomes {@code bad}.
     */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "activation failed";
        }
        String line = failure.strip().lines().findFirst().orElse("").strip();
        int colon = line.indexOf(": ");
        if (colon > 0 && line.substring(0, colon).matches("[\\w.$]+(Exception|Error)")) {
            return line.substring(colon + 2);
        }
        return line;
    }
}
