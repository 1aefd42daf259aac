package org.carechat.admin;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechat.system.CareChatProperties;
import org.carechat.system.Version;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check-config}: starts the application as the server would (settings bound and validated, database reached
 * and migrated, master key opened) without serving, then reports what an operator should know before going live.
 * Exit code 0 with warnings at most, 3 with an error; a setting that stops the start exits 1 with its reason.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Checks the configuration (database, master key, TLS, patient channels, metrics) without "
                + "serving; exit code 3 on an error.")
final class CheckConfigCommand implements Callable<Integer> {

    private static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

    @ParentCommand
    CareChatCommand root;

    private final List<String> errors = new ArrayList<>();

    @Override
    public Integer call() {
        CareChatProperties properties = root.bean(CareChatProperties.class);
        Environment environment = root.bean(Environment.class);
        ok("CareChat " + Version.current() + ", storage "
                + properties.storage().name().toLowerCase(java.util.Locale.ROOT)
                + (properties.cluster().enabled() ? " (cluster node)" : ""));
        ok("database reached; schema version "
                + root.bean(Flyway.class).info().current().getVersion());
        ok("master key opens the stored keys");
        if (properties.storage() == CareChatProperties.Storage.SQLITE) {
            checkWritable(properties.dataDir());
        }
        checkTls(environment, properties.publicUrl());
        if (environment.getProperty("spring.mail.host", "").isBlank()
                && !properties.sms().configured()) {
            warn("patient notices and one-time codes are off: neither spring.mail.host nor carechat.sms.host is set");
        }
        if (environment.getProperty("carechat.metrics.token-hash", "").isBlank()) {
            warn("no metrics scrape token (carechat.metrics.token-hash): only admins can read /actuator/prometheus");
        }
        root.out().println(errors.isEmpty() ? "configuration OK" : errors.size() + " error(s)");
        return errors.isEmpty() ? AdminCli.OK : AdminCli.CHECK_FAILED;
    }

    private void checkWritable(Path dataDir) {
        if (Files.isWritable(dataDir)) {
            ok("data directory " + dataDir.toAbsolutePath() + " is writable");
        } else {
            error("data directory " + dataDir.toAbsolutePath() + " is not writable by this user");
        }
    }

    private void checkTls(Environment environment, String publicUrl) {
        String certificate = environment.getProperty("carechat.tls.certificate", "");
        if (certificate.isBlank()) {
            if (publicUrl.startsWith("http://") && !publicUrl.startsWith("http://localhost")) {
                warn("carechat.public-url is " + publicUrl + ": serve HTTPS (carechat.tls.*) or put a TLS proxy in "
                        + "front and set the public https:// address");
            }
            return;
        }
        try (InputStream in = Files.newInputStream(Path.of(certificate))) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Duration left = Duration.between(
                    Clock.systemUTC().instant(), cert.getNotAfter().toInstant());
            if (left.isNegative()) {
                error("the TLS certificate expired on " + cert.getNotAfter().toInstant());
            } else if (left.compareTo(CERTIFICATE_WARNING) < 0) {
                warn("the TLS certificate expires in " + left.toDays() + " days; a renewed file is picked up "
                        + "without a restart");
            } else {
                ok("TLS certificate valid until " + cert.getNotAfter().toInstant() + "; serving " + publicUrl);
            }
        } catch (Exception e) {
            error("carechat.tls.certificate " + certificate + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void ok(String line) {
        root.out().println("ok    " + line);
    }

    private void warn(String line) {
        root.out().println("warn  " + line);
    }

    private void error(String line) {
        errors.add(line);
        root.out().println("ERROR " + line);
    }
}
