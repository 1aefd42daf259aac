package org.carechat.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import com.interaso.webpush.WebPushService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.carechat.testing.PushServiceStub;
import org.junit.jupiter.api.Test;

/**
 * The in-process push service that {@link PushScenarios} relies on: it accepts what a correct Web Push sender
 * sends (the library's own sender, and keys reloaded the way the server stores them), and refuses a push whose JWT
 * is not signed by the key it names — so a pass in the scenarios means the VAPID check really ran.
 */
class PushServiceStubTest {

    @Test
    void decryptsAndVerifiesAPushFromTheLibrarysOwnSender() {
        try (PushServiceStub service = new PushServiceStub()) {
            PushServiceStub.Subscription s = service.subscribe();
            new WebPushService("mailto:ops@example.org", VapidKeys.generate())
                    .send("{\"kind\":\"message\"}", s.endpoint(), s.p256dh(), s.auth(), 60, null, null);
            assertThat(service.failures()).isEmpty();
            assertThat(service.received(s)).singleElement().satisfies(r -> {
                assertThat(r.payload().get("kind").asString()).isEqualTo("message");
                assertThat(r.jwtClaims().get("sub").asString()).isEqualTo("mailto:ops@example.org");
            });
        }
    }

    @Test
    void acceptsKeysReloadedAsStoredAndRefusesAJwtSignedByAnotherKey() throws Exception {
        try (PushServiceStub service = new PushServiceStub()) {
            PushServiceStub.Subscription s = service.subscribe();
            VapidKeys fresh = VapidKeys.generate();
            VapidKeys reloaded = VapidKeys.create(fresh.getX509PublicKey(), fresh.getPkcs8PrivateKey());
            post(s, new WebPush("mailto:ops@example.org", reloaded), Map.of());
            assertThat(service.failures()).isEmpty();
            assertThat(service.received(s)).hasSize(1);

            String otherKey = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(VapidKeys.generate().getApplicationServerKey());
            post(s, new WebPush("mailto:ops@example.org", reloaded), Map.of("k", otherKey));
            assertThat(service.failures()).singleElement().asString().contains("does not verify");
            assertThat(service.received(s)).hasSize(1);
        }
    }

    /** Posts a push as PushSender does; {@code replace} swaps parameters of the Authorization header. */
    private static void post(PushServiceStub.Subscription s, WebPush push, Map<String, String> replace)
            throws Exception {
        byte[] body = push.getBody(
                "{}".getBytes(StandardCharsets.UTF_8),
                Base64.getUrlDecoder().decode(s.p256dh()),
                Base64.getUrlDecoder().decode(s.auth()));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(s.endpoint())).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        push.getHeaders(s.endpoint(), 60, null, WebPush.Urgency.High).forEach((name, value) -> {
            String sent = value;
            for (Map.Entry<String, String> r : replace.entrySet()) {
                sent = sent.replaceAll(r.getKey() + "=[^,]+", r.getKey() + "=" + r.getValue());
            }
            request.setHeader(name, sent);
        });
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
