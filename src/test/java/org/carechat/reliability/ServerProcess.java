package org.carechat.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.CareChatApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A CareChat server in a process of its own (the test JVM's java and class path), so that it can be killed with
 * SIGKILL — no shutdown hook, no flush, as when the host loses power — and started again on the same data.
 */
final class ServerProcess implements AutoCloseable {

    /**
     * How long a start may take before it counts as failed: 3 minutes, as a start on a machine busy with other builds
     * took more than the 90 s this used to be and made the benchmarks unusable there.
     */
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final List<String> command = new ArrayList<>();
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;

    /** @param jvmOptions such as the heap size; {@code properties} as {@code name=value} */
    ServerProcess(int port, Path log, List<String> jvmOptions, List<String> properties) {
        this(port, log, jvmOptions, properties, null);
    }

    /**
     * @param jar the application jar to start ({@code java -jar}), such as the extracted one {@code ./carechat train}
     *            makes and an AOT cache (in {@code jvmOptions}) was trained on; null for this JVM's class path
     */
    ServerProcess(int port, Path log, List<String> jvmOptions, List<String> properties, Path jar) {
        this.port = port;
        this.log = log;
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(
                jar == null
                        ? List.of("-cp", classPath(), "org.carechat.CareChatApplication")
                        : List.of("-jar", jar.toString()));
        command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        properties.forEach(p -> command.add("--" + p));
    }

    /** Starts the server and waits until it answers its health check; returns when it did (epoch ms). */
    long start() {
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a CareChat process", e);
        }
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the CareChat process exited at start; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return System.currentTimeMillis();
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(100);
        }
        throw new IllegalStateException(
                "the CareChat process did not answer within " + START_LIMIT.toSeconds() + " s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /**
     * Runs {@code work} against the server's own services on the same settings, without a web server — to prepare
     * users, devices and conversations before the server process starts on the same data.
     */
    static <T> T withServices(List<String> properties, Function<ConfigurableApplicationContext, T> work) {
        SpringApplication app = new SpringApplication(CareChatApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> args =
                new ArrayList<>(properties.stream().map(p -> "--" + p).toList());
        args.add("--logging.level.root=WARN");
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            return work.apply(context);
        }
    }

    /** The class path to start a server with: the project's, also when run through Maven's exec plugin. */
    static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs())
                    .map(u -> Path.of(URI.create(u.toString())).toString())
                    .collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
