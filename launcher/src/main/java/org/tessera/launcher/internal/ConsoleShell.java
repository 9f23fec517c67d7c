package org.tessera.launcher.internal;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * An interactive Gogo session on the console, run on the calling (main) thread: reads a line,
 * lets Gogo execute it, prints the result, until {@code exit} or the end of the input.
 *
 * <p>The loop is the launcher's own rather than Gogo shell's console because that console has no
 * {@code exit} and, started by the shell bundle, would read the standard input of every run
 * (the machines set {@code gosh.args=--nointeractive}). All of Gogo's commands (those of the
 * shell bundle, of gogo.command and of scope {@code tessera}) are available in the session.
 *
 * <p>This is the only class that uses the Gogo API, whose import is optional: it is loaded only
 * when a shell is asked for and a {@code CommandProcessor} service is there.
 */
final class ConsoleShell {

    /** The name of Gogo's command processor service. */
    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private static final String PROMPT = "tessera> ";

    private final BundleContext context;

    /** @param context the launcher's bundle context, to find the command processor */
    ConsoleShell(BundleContext context) {
        this.context = context;
    }

    /**
     * Runs the session until {@code exit} or end of input.
     *
     * @throws LaunchException if the machine has no Gogo runtime
     */
    void run() throws LaunchException {
        ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
        CommandProcessor processor = ref == null ? null : context.getService(ref);
        if (processor == null) {
            throw new LaunchException("this machine has no Gogo runtime, so there is no shell");
        }
        // the console's own streams, not System.in/out: Gogo redirects those per session thread
        InputStream in = new FileInputStream(FileDescriptor.in);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, Charset.defaultCharset());
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, Charset.defaultCharset());
        CommandSession session = processor.createSession(in, out, err);
        try {
            loop(session, new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())), out, err);
        } finally {
            session.close();
            context.ungetService(ref);
        }
    }

    private static void loop(CommandSession session, BufferedReader reader, PrintStream out, PrintStream err) {
        while (true) {
            out.print(PROMPT);
            out.flush();
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                err.println("shell: cannot read the console: " + e.getMessage());
                return;
            }
            if (line == null) {
                out.println();
                return;
            }
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("exit") || line.equals("quit")) {
                return;
            }
            try {
                Object result = session.execute(line);
                if (result != null) {
                    out.println(session.format(result, Converter.INSPECT));
                }
            } catch (Exception e) {
                err.println("error: " + describe(e));
            }
            out.flush();
        }
    }

    /** One line for a failed command: its message, or its kind when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replace('\n', ' ');
    }
}
