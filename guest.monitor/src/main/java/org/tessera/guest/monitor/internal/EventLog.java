package org.tessera.guest.monitor.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.tessera.machine.api.watch.WatchEvent;

/**
 * The monitor's events: a ring of the latest ones, and optionally a JSON-lines file. Recording
 * never blocks on IO: events for the file go into an unbounded queue that a background thread
 * formats and writes (flushing whenever the queue runs empty); {@link #close()} writes what is
 * queued, flushes and closes the file. Thread safe.
 */
final class EventLog {

    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());
    /** Queued after the last event: the writer ends. */
    private static final WatchEvent END = new WatchEvent(-1, "", 0, 1, 0, 0, null, 0, 0, null, null);

    private final ArrayDeque<WatchEvent> ring = new ArrayDeque<>();
    private int capacity;
    private volatile FileWriter writer;

    /** A log keeping the latest {@code capacity} events, without a file. */
    EventLog(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Takes one event (any thread; does not block on IO). */
    void record(WatchEvent event) {
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(event);
        }
        FileWriter w = writer;
        if (w != null) {
            w.queue.add(event);
        }
    }

    /** The latest {@code n} events, oldest first. */
    List<WatchEvent> latest(int n) {
        synchronized (ring) {
            List<WatchEvent> all = new ArrayList<>(ring);
            return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size()));
        }
    }

    /** Changes the number of events kept, dropping the oldest if it shrinks. */
    void capacity(int newCapacity) {
        synchronized (ring) {
            capacity = Math.max(1, newCapacity);
            while (ring.size() > capacity) {
                ring.removeFirst();
            }
        }
    }

    /** The file the events go to, or null. */
    synchronized String file() {
        FileWriter w = writer;
        return w == null ? null : w.path.toString();
    }

    /**
     * Sends the events from now on to {@code file} (created or truncated), or to no file if null;
     * the previous file is flushed and closed first. The same file as now changes nothing.
     */
    synchronized void file(String file) {
        FileWriter current = writer;
        if (current != null && file != null && current.path.equals(Path.of(file))) {
            return;
        }
        writer = null;
        if (current != null) {
            current.close();
        }
        if (file == null) {
            return;
        }
        try {
            writer = new FileWriter(Path.of(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "guest monitor: cannot write the event log " + file + ": " + e);
        }
    }

    /** Writes everything queued, flushes and closes the file. */
    synchronized void close() {
        file(null);
    }

    /** A file and the thread writing it. */
    private static final class FileWriter {
        final Path path;
        final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
        private final BufferedWriter out;
        private final Thread thread;

        FileWriter(Path path) throws IOException {
            this.path = path;
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            thread = new Thread(this::run, "tessera-monitor-log");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (true) {
                    WatchEvent e = queue.take();
                    if (e == END) {
                        break;
                    }
                    out.write(EventFormat.json(e));
                    out.write('\n');
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "guest monitor: writing the event log " + path + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "guest monitor: closing the event log " + path + " failed: " + e);
                }
            }
        }

        /** Ends the writer after the events queued so far and waits for it. */
        void close() {
            queue.add(END);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
