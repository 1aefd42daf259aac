package org.carechat.push;

import com.interaso.webpush.WebPush;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.storage.Transactions;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts pushes to the push services (RFC 8030), encrypted to each device (RFC 8291, aes128gcm) and signed with the
 * installation's VAPID key (RFC 8292), each on its own virtual thread so that no sender waits for a push service.
 * A subscription the push service says is gone (404 or 410) is deleted; other failures are counted and logged
 * without the endpoint (it identifies a device) and never retried: the app shows what was missed when next opened.
 */
@Component
class PushSender implements DisposableBean {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);

    private final WebPush webPush;
    private final PushSubscriptions subscriptions;
    private final Transactions transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    PushSender(
            VapidKeyPair vapid,
            PushSubscriptions subscriptions,
            Transactions transactions,
            JsonMapper json,
            MeterRegistry meters,
            @Value("${carechat.push.subject:mailto:push@carechat.invalid}") String subject) {
        this.webPush = new WebPush(subject, vapid.keys());
        this.subscriptions = subscriptions;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /** Pushes {@code payload} to each subscription, in the background. */
    void sendAll(List<PushSubscriptions.Subscription> to, PushPayload payload, boolean urgent) {
        byte[] body = json.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
        for (PushSubscriptions.Subscription subscription : to) {
            sending.execute(() -> send(subscription, body, urgent));
        }
    }

    private void send(PushSubscriptions.Subscription to, byte[] payload, boolean urgent) {
        String outcome;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] encrypted = webPush.getBody(payload, b64.decode(to.p256dh()), b64.decode(to.auth()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.endpoint()))
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(encrypted));
            webPush.getHeaders(
                            to.endpoint(),
                            urgent ? 3_600 : 86_400,
                            null,
                            urgent ? WebPush.Urgency.High : WebPush.Urgency.Normal)
                    .forEach(request::setHeader);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            outcome = outcome(to, response);
        } catch (IOException | RuntimeException e) {
            outcome = "failed";
            log.warn("a push could not be delivered to its push service: {}", SafeLog.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "failed";
        }
        meters.counter("carechat.push.sent", "outcome", outcome).increment();
    }

    private String outcome(PushSubscriptions.Subscription to, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            transactions.run(() -> subscriptions.deleteGone(to.deviceId(), to.endpoint()));
            return "gone";
        }
        if (status / 100 == 2) {
            return "delivered";
        }
        log.warn("a push service refused a push with status {}", status);
        return "refused";
    }

    @Override
    public void destroy() {
        sending.shutdownNow();
    }
}
