package org.carechat.admin;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Where the admin command line prints for the operator: results on standard output, errors on standard error, never
 * clinical content. Server code logs through SLF4J instead; this is the one deliberate console writer.
 */
final class Console {

    private Console() {}

    static PrintWriter out() {
        return writer(FileDescriptor.out);
    }

    static PrintWriter err() {
        return writer(FileDescriptor.err);
    }

    private static PrintWriter writer(FileDescriptor descriptor) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(descriptor), StandardCharsets.UTF_8), true);
    }
}
