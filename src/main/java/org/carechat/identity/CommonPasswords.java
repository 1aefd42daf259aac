package org.carechat.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The blocklist of NIST SP 800-63B §3.1.1.2: passwords known to be common or breached are refused when chosen. The
 * list is the 100,000 most common passwords of the leaked-password corpus that ships in the nbvcxz library's jar
 * ({@code dictionaries/passwords.txt}, MIT licence; docs/decisions.md says why this one), compared without regard to
 * case. Loaded once, on the first password chosen (about 100,000 short strings, a few MB).
 */
final class CommonPasswords {

    static final String RESOURCE = "dictionaries/passwords.txt";

    private CommonPasswords() {}

    private static final class Holder {
        static final Set<String> LIST = load();
    }

    /** Whether {@code password} is on the list (ignoring case). */
    static boolean contains(String password) {
        return Holder.LIST.contains(password.toLowerCase(Locale.ROOT));
    }

    static int size() {
        return Holder.LIST.size();
    }

    private static Set<String> load() {
        try (InputStream in = CommonPasswords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the common-password list " + RESOURCE + " is missing from the "
                        + "class path (the nbvcxz jar)");
            }
            Set<String> list = new HashSet<>(200_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    list.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the common-password list", e);
        }
    }
}
