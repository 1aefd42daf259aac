package org.carechat.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Built-in TLS for an installation without a proxy: turns {@code carechat.tls.certificate} and
 * {@code carechat.tls.private-key} (PEM files) into a Spring Boot SSL bundle that Tomcat serves on
 * {@code carechat.tls.port} (8443) and reloads when the files change (a renewed certificate is picked up without a
 * restart), speaking HTTP/2 as well as HTTP/1.1 ({@code server.http2.enabled}, a default an operator can turn off;
 * {@link Http2ResetCost} tunes it); {@link HttpsRedirect} answers plain HTTP on {@code carechat.tls.redirect-port}
 * (8080) with a redirect.
 *
 * <p>It also gives {@code carechat.public-url} its default from the real address: {@code https://} and the
 * certificate's first DNS name with TLS, else {@code http://localhost}, and the configured port (left out when it is
 * the scheme's default). An explicit {@code carechat.public-url} always wins.
 */
public class TlsSettings implements EnvironmentPostProcessor {

    static final String BUNDLE = "carechat-tls";
    private static final String PEM = "spring.ssl.bundle.pem." + BUNDLE + ".";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String certificate = environment.getProperty("carechat.tls.certificate", "");
        String privateKey = environment.getProperty("carechat.tls.private-key", "");
        Map<String, Object> overrides = new HashMap<>();
        Map<String, Object> defaults = new HashMap<>();
        String host = "localhost";
        boolean tls = !certificate.isBlank();
        if (tls) {
            if (privateKey.isBlank()) {
                throw new IllegalStateException(
                        "carechat.tls.certificate is set but carechat.tls.private-key is not: give both PEM files");
            }
            host = firstDnsName(Path.of(certificate));
            overrides.put("server.port", environment.getProperty("carechat.tls.port", "8443"));
            overrides.put("server.ssl.bundle", BUNDLE);
            overrides.put(
                    PEM + "keystore.certificate", "file:" + Path.of(certificate).toAbsolutePath());
            overrides.put(
                    PEM + "keystore.private-key", "file:" + Path.of(privateKey).toAbsolutePath());
            overrides.put(PEM + "reload-on-update", "true");
            overrides.put(PEM + "options.enabled-protocols", "TLSv1.3,TLSv1.2");
            environment.getPropertySources().addFirst(new MapPropertySource("carechat-tls", overrides));
            // HTTP/2 over TLS (ALPN): a phone fetches the apps' files over one connection instead of six at a time;
            // a default, so an operator can still set server.http2.enabled=false
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("carechat-tls-defaults", Map.of("server.http2.enabled", "true")));
        }
        int port = environment.getProperty("server.port", Integer.class, 8080);
        if (port > 0) {
            defaults.put("carechat.public-url", publicUrl(tls, host, port));
            environment.getPropertySources().addLast(new MapPropertySource("carechat-address", defaults));
        }
    }

    static String publicUrl(boolean tls, String host, int port) {
        boolean defaultPort = tls ? port == 443 : port == 80;
        return (tls ? "https://" : "http://") + host + (defaultPort ? "" : ":" + port);
    }

    /** The name browsers must use for the certificate to be valid: its first DNS subject alternative name. */
    static String firstDnsName(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return dnsNames(cert).stream().findFirst().orElse("localhost");
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(
                    "carechat.tls.certificate: cannot read a PEM certificate from " + certificate + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static List<String> dnsNames(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        final int dnsName = 2;
        return names.stream()
                .filter(n -> n.get(0) instanceof Integer type && type == dnsName)
                .map(n -> (String) n.get(1))
                .filter(n -> !n.startsWith("*"))
                .toList();
    }
}
