package org.carechat.admin;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the admin command line prints for the operator: results and errors, never clinical content. Server code
 * logs through SLF4J instead; this is the one deliberate console writer.
 */
final class Console {

    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Console() {}

    static void out(String line) {
        OUT.println(line);
    }

    static void err(String line) {
        ERR.println(line);
    }
}
