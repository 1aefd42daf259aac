package org.carechat.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carechat.web.ApiProblem;
import picocli.CommandLine;

/**
 * The admin command line ({@code ./carechat COMMAND [options]}, {@code ./carechat help}): runs one command against
 * the configured database instead of starting the server.
 *
 * <p>Exit codes: {@value #OK} done; {@value #FAILED} an unexpected failure (the message says what); {@value #REFUSED}
 * a refused input or usage error (the message says what to fix; nothing was changed); {@value #CHECK_FAILED} a check
 * found a problem (a broken audit trail, a backup that is not sound, a configuration with errors).
 *
 * <p>Spring settings ({@code --carechat.*}, {@code --spring.*}, {@code --server.*}, {@code --logging.*},
 * {@code --management.*}) may be mixed with the command's own options; they configure the server the command works
 * on, exactly as for a start. The Spring context starts only when a command needs it: help, usage errors and
 * {@code --version} never touch the database.
 */
public final class AdminCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int REFUSED = 2;
    public static final int CHECK_FAILED = 3;

    private static final List<String> SPRING_PREFIXES =
            List.of("--carechat.", "--spring.", "--server.", "--logging.", "--management.");
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("--version", "-V", "--help", "-h");

    private AdminCli() {}

    /** Whether {@code args} name a command (or ask for help or the version) rather than start the server. */
    public static boolean handles(String[] args) {
        List<String> own = ownArguments(args);
        if (own.isEmpty()) {
            return false;
        }
        String first = own.getFirst();
        return TOP_LEVEL_OPTIONS.contains(first)
                || new CommandLine(new CareChatCommand(List.of()))
                        .getSubcommands()
                        .containsKey(first);
    }

    /** Runs the command in {@code args}, printing to the console; returns the exit code. */
    public static int run(String[] args) {
        return run(args, Console.out(), Console.err());
    }

    /** Runs the command in {@code args}, printing results to {@code out} and errors to {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        List<String> spring = new ArrayList<>();
        for (String arg : args) {
            if (isSpringSetting(arg)) {
                spring.add(arg);
            }
        }
        CareChatCommand root = new CareChatCommand(spring);
        try {
            CommandLine line = new CommandLine(root)
                    .setOut(out)
                    .setErr(err)
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, err));
            return line.execute(ownArguments(args).toArray(String[]::new));
        } finally {
            root.close();
            out.flush();
            err.flush();
        }
    }

    private static int failure(Exception e, PrintWriter err) {
        if (e instanceof ApiProblem || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return REFUSED;
        }
        // Spring wraps a failed start in its own exceptions; the reason is the first one of ours or the JDK's.
        Throwable reason = e;
        while (reason.getClass().getName().startsWith("org.springframework.") && reason.getCause() != null) {
            reason = reason.getCause();
        }
        err.println("error: " + reason.getClass().getSimpleName() + ": " + reason.getMessage());
        return FAILED;
    }

    private static List<String> ownArguments(String[] args) {
        List<String> own = new ArrayList<>();
        for (String arg : args) {
            if (!isSpringSetting(arg)) {
                own.add(arg);
            }
        }
        return own;
    }

    private static boolean isSpringSetting(String arg) {
        return SPRING_PREFIXES.stream().anyMatch(arg::startsWith);
    }
}
