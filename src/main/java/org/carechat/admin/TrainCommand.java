package org.carechat.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.carechat.CareChatApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code train}: the training run of the JVM's AOT cache (JDK 25, JEP 483/514/515). Started as {@code java
 * -XX:AOTCacheOutput=carechat.aot ... train} ({@code ./carechat train} does it), it starts a whole server on
 * 127.0.0.1 and a free port, on a new SQLite database in a temporary folder with the per-address limits lifted, runs
 * {@link TrainingRun} against it, stops it and deletes the folder; when the command exits, the JVM writes the classes
 * it loaded and the method profiles it gathered into the cache. A server started with {@code -XX:AOTCache=} on the
 * same JDK and jar then starts with those classes loaded and its JIT compiling from those profiles at once.
 *
 * <p>The configured database is never touched: {@code --carechat.*} settings given to this command are ignored, so a
 * training run on a production host cannot write into its data. Exit code 0 when the exercise ran and every send was
 * stored (answered, none refused), 1 otherwise (the cache the JVM writes then is of little use: do not install it).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Exercises sign-in, sockets, sends, acknowledgements, groups and resume on a throwaway "
                + "server, for the JVM's AOT cache (run with java -XX:AOTCacheOutput=FILE; ./carechat train does).")
final class TrainCommand implements Callable<Integer> {

    /** The settings of the training server; limits per address lifted, as every device is on 127.0.0.1. */
    private static final List<String> SETTINGS = List.of(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--carechat.storage=sqlite",
            "--carechat.limits.sign-ins-per-address=1000000/1m",
            "--carechat.limits.sends-per-user=1000000/1m",
            "--carechat.limits.sends-per-address=1000000/1m",
            "--carechat.limits.frames-per-user=1000000/1m",
            "--carechat.limits.frames-per-address=1000000/1m",
            "--logging.level.root=WARN");

    @ParentCommand
    CareChatCommand root;

    @Option(names = "--seconds", defaultValue = "30", description = "how long the rounds go on (default 30)")
    int seconds;

    @Option(
            names = "--clients",
            defaultValue = "40",
            description = "devices, each its own user: an even multiple of --group-size (default 40)")
    int clients;

    @Option(names = "--group-size", defaultValue = "10", description = "members of each group (default 10)")
    int groupSize;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || groupSize < 3 || clients < groupSize || clients % groupSize != 0 || clients % 2 != 0) {
            throw new IllegalArgumentException(
                    "--seconds must be at least 1, --group-size at least 3, --clients an even multiple of it");
        }
        Path data = Files.createTempDirectory("carechat-train-");
        try {
            TrainingRun.Figures figures;
            try (ConfigurableApplicationContext server = start(data)) {
                int port = server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                figures = new TrainingRun(server, port).run(clients, groupSize, Duration.ofSeconds(seconds));
            }
            root.out()
                    .printf(
                            Locale.ROOT,
                            "trained: %d devices, %d rounds, %d sends (%d answered, %d refused), %d events received, %d"
                                    + " resumes%n",
                            figures.clients(),
                            figures.rounds(),
                            figures.sent(),
                            figures.answered(),
                            figures.refused(),
                            figures.received(),
                            figures.resumes());
            boolean exercised = figures.rounds() > 0 && figures.answered() >= figures.sent() && figures.refused() == 0;
            return exercised ? AdminCli.OK : AdminCli.FAILED;
        } finally {
            delete(data);
        }
    }

    private ConfigurableApplicationContext start(Path data) {
        SpringApplication app = new SpringApplication(CareChatApplication.class);
        app.setAdditionalProfiles("cli"); // no first-start organisation or one-time password, no schedules
        List<String> args = new ArrayList<>(SETTINGS);
        args.add("--carechat.data-dir=" + data);
        return app.run(args.toArray(String[]::new));
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the training folder " + folder, e);
        }
    }
}
