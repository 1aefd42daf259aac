package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.Test;

/** The apps' files as browsers get them: compressed text, a favicon, installable manifests and service workers. */
@OnSqlite
class AppFilesTest extends ServerTest {

    HttpResponse<byte[]> fetch(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theAppsScriptsAndStylesAreCompressedForBrowsersThatAsk() throws Exception {
        for (String path : new String[] {"/app/app.js", "/shared/styles.css", "/"}) {
            HttpResponse<byte[]> gzipped = fetch(path, "gzip");
            assertThat(gzipped.statusCode()).as(path).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding"))
                    .as(path)
                    .hasValue("gzip");
            assertThat(fetch(path, null).headers().firstValue("Content-Encoding"))
                    .as(path)
                    .isEmpty();
        }
    }

    @Test
    void apiAnswersAreNeverCompressed() throws Exception {
        HttpResponse<byte[]> answer = fetch("/v3/api-docs", "gzip"); // JSON far above the compression threshold
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().length).isGreaterThan(10_000);
        assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aFaviconAndTheIconsAreServed() throws Exception {
        HttpResponse<byte[]> favicon = fetch("/favicon.ico", null);
        assertThat(favicon.statusCode()).isEqualTo(200);
        assertThat(favicon.body()).startsWith(0, 0, 1, 0);
        for (String icon : new String[] {"icon-192", "icon-512", "icon-maskable-512", "apple-touch-icon"}) {
            HttpResponse<byte[]> png = fetch("/shared/icons/" + icon + ".png", null);
            assertThat(png.statusCode()).as(icon).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).as(icon).hasValue("image/png");
        }
    }

    @Test
    void bothAppsHaveAManifestAndAServiceWorker() throws Exception {
        for (String path : new String[] {"/app/manifest.webmanifest", "/patient/manifest.webmanifest"}) {
            HttpResponse<byte[]> manifest = fetch(path, null);
            assertThat(manifest.headers().firstValue("Content-Type").orElse(""))
                    .as(path)
                    .startsWith("application/manifest+json");
            assertThat(new String(manifest.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"display\": \"standalone\"", "/shared/icons/icon-192.png", "/shared/icons/icon-512.png")
                    // an SVG icon would be rendered as the primary icon on the page's main thread at every start
                    .doesNotContain("image/svg+xml");
        }
        for (String path : new String[] {"/sw.js", "/patient/sw.js"}) {
            HttpResponse<byte[]> worker = fetch(path, null);
            assertThat(worker.statusCode()).as(path).isEqualTo(200);
            assertThat(worker.headers().firstValue("Content-Type").orElse(""))
                    .as(path)
                    .contains("javascript");
        }
    }
}
