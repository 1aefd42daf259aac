package org.carechat.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of a server process, read from outside with the JDK's own tools ({@code jcmd}, {@code jstat}) and
 * {@code /proc}, so that the measuring clients' memory never counts: heap used after a full collection, resident
 * set size, and the peak of heap used while something runs (sampled every 100 ms).
 */
final class ServerMemory implements AutoCloseable {

    private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    private final Process jstat;
    private final AtomicLong peakKb = new AtomicLong();

    private ServerMemory(long pid) {
        jstat = run(List.of("jstat", "-gc", Long.toString(pid), "100"));
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = reader(jstat)) {
                int[] used = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] columns = line.trim().split("\\s+");
                    if (used == null) {
                        used = usedColumns(columns);
                    } else if (!line.contains("S0C")) {
                        peakKb.accumulateAndGet(sum(columns, used), Math::max);
                    }
                }
            } catch (IOException stopped) {
                // jstat ended with the process or was stopped
            }
        });
    }

    /** Starts sampling heap used; {@link #peakMb} is the highest sample so far. */
    static ServerMemory sample(long pid) {
        return new ServerMemory(pid);
    }

    long peakMb() {
        return peakKb.get() / 1024;
    }

    @Override
    public void close() {
        jstat.destroy();
    }

    /** Heap used (bytes) right after a full collection requested with {@code jcmd GC.run}. */
    static long heapAfterFullGc(long pid) {
        try {
            run(List.of("jcmd", Long.toString(pid), "GC.run")).waitFor();
            Process once = run(List.of("jstat", "-gc", Long.toString(pid)));
            try (BufferedReader lines = reader(once)) {
                int[] used = usedColumns(lines.readLine().trim().split("\\s+"));
                return sum(lines.readLine().trim().split("\\s+"), used) * 1024;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes what {@code jcmd <pid> <command>} prints (e.g. {@code GC.class_histogram}, or {@code VM.native_memory
     * summary} when the process runs with {@code -XX:NativeMemoryTracking}) to {@code file}, to see where memory goes.
     */
    static void jcmdTo(long pid, Path file, String... command) {
        List<String> line = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        try (var in = run(line).getInputStream()) {
            Files.write(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident set size (bytes) from {@code /proc/<pid>/status}. */
    static long residentBytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Survivor, eden and old generation used (KB), the columns of {@code jstat -gc} that together are heap used. */
    private static int[] usedColumns(String[] header) {
        List<String> names = Arrays.asList(header);
        return new int[] {names.indexOf("S0U"), names.indexOf("S1U"), names.indexOf("EU"), names.indexOf("OU")};
    }

    private static long sum(String[] columns, int[] indices) {
        double kb = 0;
        for (int i : indices) {
            kb += Double.parseDouble(columns[i]);
        }
        return (long) kb;
    }

    private static Process run(List<String> command) {
        List<String> withPath = new java.util.ArrayList<>(command);
        withPath.set(0, JDK_BIN.resolve(command.getFirst()).toString());
        try {
            return new ProcessBuilder(withPath).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
