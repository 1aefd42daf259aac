package org.carechat.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPushService;
import java.nio.charset.StandardCharsets;
import org.carechat.testing.PushServiceStub;
import org.junit.jupiter.api.Test;

/** The in-process push service accepts what a correct Web Push sender sends, and refuses a forged signature. */
class PushServiceStubTest {

    @Test
    void decryptsAndVerifiesAPushFromTheLibrary() {
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
    void storedKeysSignAsTheGeneratedOnes() throws Exception {
        try (PushServiceStub service = new PushServiceStub()) {
            PushServiceStub.Subscription s = service.subscribe();
            VapidKeys fresh = VapidKeys.generate();
            VapidKeys keys = VapidKeys.create(fresh.getX509PublicKey(), fresh.getPkcs8PrivateKey());
            com.interaso.webpush.WebPush push = new com.interaso.webpush.WebPush("mailto:ops@example.org", keys);
            byte[] body = push.getBody(
                    "{}".getBytes(StandardCharsets.UTF_8),
                    java.util.Base64.getUrlDecoder().decode(s.p256dh()),
                    java.util.Base64.getUrlDecoder().decode(s.auth()));
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.endpoint()))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            push.getHeaders(s.endpoint(), 60, null, com.interaso.webpush.WebPush.Urgency.High)
                    .forEach(request::setHeader);
            java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(service.failures()).isEmpty();
        }
    }
}
