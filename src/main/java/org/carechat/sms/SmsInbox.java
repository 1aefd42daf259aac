package org.carechat.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carechat.crypto.Fingerprints;
import org.carechat.crypto.SecretBox;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes in every mobile-originated SMS exactly once (docs/contact-requests.md §Guarantees).
 *
 * <p>{@link #accept} runs one transaction per {@code deliver_sm}, and the SMS centre is answered only after it
 * returns: a message that was committed is acknowledged, one that was not is delivered again. Each message is
 * recognised by a key made from what the SMS centre sends — its message id when it gives one (TLV {@code
 * carechat.sms.message-id-tag}), else its timestamp with the sender and text, else the sender and text within {@code
 * carechat.sms.duplicate-window} — so a redelivery, even after a crash, is stored once. A part of a concatenated SMS
 * is kept (sealed) until the last part arrives, in the same way one transaction per part; the message is then put
 * together and handed on once. Parts that wait longer than {@code carechat.sms.part-timeout} are handed on as they
 * are, marked incomplete ({@link #deliverOverdue}): a missing part never holds back the rest.
 *
 * <p>Keys are keyed fingerprints ({@link Fingerprints}); no number or text is stored in the clear, and none is logged.
 */
@Component
class SmsInbox {

    private static final Logger log = LoggerFactory.getLogger(SmsInbox.class);
    private static final int OVERDUE_BATCH = 50;

    private final SmsInboxRepository repository;
    private final ObjectProvider<InboundSmsHandler> handler;
    private final Fingerprints fingerprints;
    private final SecretBox secrets;
    private final Transactions transactions;
    private final JsonMapper json;
    private final Ids ids;
    private final Clock clock;
    private final long duplicateWindow;
    private final long partTimeout;
    private final long rememberFor;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unrouted;
    private final Counter failed;

    SmsInbox(
            SmsInboxRepository repository,
            ObjectProvider<InboundSmsHandler> handler,
            Fingerprints fingerprints,
            SecretBox secrets,
            Transactions transactions,
            JsonMapper json,
            Ids ids,
            Clock clock,
            CareChatProperties properties,
            MeterRegistry meters) {
        this.repository = repository;
        this.handler = handler;
        this.fingerprints = fingerprints;
        this.secrets = secrets;
        this.transactions = transactions;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.duplicateWindow = properties.sms().duplicateWindow().toMillis();
        this.partTimeout = properties.sms().partTimeout().toMillis();
        this.rememberFor = properties.sms().rememberFor().toMillis();
        this.stored = Counter.builder("carechat.sms.inbound.stored")
                .description("SMS from patients stored (whole messages)")
                .register(meters);
        this.duplicates = Counter.builder("carechat.sms.inbound.duplicates")
                .description("SMS or parts the SMS centre delivered again, recognised and not stored twice")
                .register(meters);
        this.unrouted = Counter.builder("carechat.sms.inbound.unrouted")
                .description("SMS to a number no organisation uses, kept sealed")
                .register(meters);
        this.failed = Counter.builder("carechat.sms.inbound.failed")
                .description("Messages from the SMS centre that could not be stored, answered with a temporary error "
                        + "so that it delivers them again")
                .register(meters);
    }

    /**
     * Records one {@code deliver_sm} and everything it completes, in one transaction; returns once committed.
     *
     * @throws RuntimeException when it could not be stored: the SMS centre must be answered with an error, so that it
     *                          delivers the message again
     */
    void accept(MobileOriginated mo) {
        try {
            transactions.run(() -> {
                if (mo.part() == null) {
                    whole(mo);
                } else {
                    part(mo);
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
    }

    private void whole(MobileOriginated mo) {
        long now = clock.millis();
        String windowKey = fingerprints.of("sms-text", mo.destination(), mo.source(), mo.text());
        String dedupKey;
        if (mo.smscId() != null) {
            dedupKey = fingerprints.of("sms-id", mo.destination(), mo.source(), mo.smscId());
        } else if (mo.smscTime() != null) {
            dedupKey = fingerprints.of("sms-time", mo.destination(), mo.source(), mo.smscTime(), mo.text());
        } else {
            if (repository.seenSince(windowKey, now - duplicateWindow)) {
                duplicates.increment();
                return;
            }
            dedupKey = fingerprints.of("sms-once", ids.next());
        }
        deliver(mo.destination(), mo.source(), mo.text(), dedupKey, windowKey, false, now);
    }

    /** Stores one part; when it is the last of its message, puts the message together and delivers it. */
    private void part(MobileOriginated mo) {
        long now = clock.millis();
        MobileOriginated.Part p = mo.part();
        String groupKey = fingerprints.of(
                "sms-concat",
                mo.destination(),
                mo.source(),
                Integer.toString(p.reference()),
                Integer.toString(p.total()));
        String partKey = fingerprints.of("sms-part", groupKey, Integer.toString(p.number()), mo.text());
        SmsInboxRepository.Concat concat = generationFor(groupKey, mo, partKey, now);
        if (concat == null) {
            duplicates.increment();
            return;
        }
        String partId = concat.id() + "/" + p.number();
        repository.insertPart(concat.id(), p.number(), partKey, secrets.seal("sms-part", partId, utf8(mo.text())), now);
        if (repository.countPart(concat.id()) >= concat.total() && repository.claimAssembly(concat.id(), now)) {
            assemble(concat, mo.destination(), mo.source(), now);
        }
    }

    /**
     * The generation of the sender's reference this part belongs to: the open one, or a new one when the open one is
     * complete or already holds a different part with this number (a phone reuses its 8-bit references). Null when
     * this very part was received before: a redelivery.
     */
    private SmsInboxRepository.Concat generationFor(String groupKey, MobileOriginated mo, String partKey, long now) {
        MobileOriginated.Part p = mo.part();
        String destination = mo.destination();
        String source = mo.source();
        Optional<SmsInboxRepository.Concat> latest = repository.latestConcat(groupKey);
        if (latest.isPresent()) {
            Optional<SmsInboxRepository.Part> same = repository
                    .parts(latest.get().id())
                    .stream()
                    .filter(existing -> existing.number() == p.number())
                    .findFirst();
            if (same.isPresent() && same.get().partKey().equals(partKey)) {
                return null;
            }
            if (same.isEmpty() && latest.get().assembledAt() == null) {
                return latest.get();
            }
        }
        int generation = latest.map(c -> c.generation() + 1).orElse(1);
        String id = ids.next();
        String address = json.writeValueAsString(Map.of("destination", destination, "sender", source));
        repository.insertConcat(
                id, groupKey, generation, p.total(), secrets.seal("sms-concat", id, utf8(address)), now);
        return repository.latestConcat(groupKey).orElseThrow();
    }

    /**
     * Joins the parts that came, in order; a missing part leaves a mark. Called by the transaction that claimed the
     * assembly, so each message is delivered once.
     */
    private void assemble(SmsInboxRepository.Concat concat, String destination, String source, long now) {
        Map<Integer, String> texts = repository.parts(concat.id()).stream()
                .filter(p -> p.body() != null)
                .collect(Collectors.toMap(
                        SmsInboxRepository.Part::number,
                        p -> new String(
                                secrets.open("sms-part", concat.id() + "/" + p.number(), p.body()),
                                StandardCharsets.UTF_8)));
        StringBuilder text = new StringBuilder();
        boolean incomplete = false;
        for (int n = 1; n <= concat.total(); n++) {
            String part = texts.get(n);
            if (part == null) {
                incomplete = true;
                text.append(" […part ")
                        .append(n)
                        .append(" of ")
                        .append(concat.total())
                        .append(" did not arrive…] ");
            } else {
                text.append(part);
            }
        }
        repository.forgetBodies(concat.id());
        String dedupKey = fingerprints.of("sms-assembled", concat.id());
        String windowKey = fingerprints.of("sms-text", destination, source, text.toString());
        deliver(destination, source, text.toString().strip(), dedupKey, windowKey, incomplete, now);
    }

    private void deliver(
            String destination,
            String source,
            String text,
            String dedupKey,
            String windowKey,
            boolean incomplete,
            long now) {
        String id = ids.next();
        if (!repository.recordReceipt(id, dedupKey, windowKey, now)) {
            duplicates.increment();
            return;
        }
        InboundSms sms = new InboundSms(id, destination, source, text, now, incomplete);
        if (handler.getObject().received(sms)) {
            stored.increment();
            return;
        }
        repository.keepUnrouted(
                id,
                secrets.seal(
                        "sms-unrouted",
                        id,
                        utf8(json.writeValueAsString(
                                Map.of("destination", destination, "sender", source, "text", text)))));
        unrouted.increment();
        log.warn("an SMS arrived for a number no organisation uses; it is kept sealed as {}", id);
    }

    /**
     * Delivers the messages whose parts have waited longer than the part timeout, with what came; forgets receipts
     * older than {@code carechat.sms.remember-for}. Run by the link's sweep.
     */
    void deliverOverdue() {
        long now = clock.millis();
        List<String> overdue = repository.unassembledBefore(now - partTimeout, OVERDUE_BATCH);
        for (String concatId : overdue) {
            transactions.run(() -> repository
                    .concat(concatId)
                    .filter(c -> c.assembledAt() == null && repository.claimAssembly(c.id(), now))
                    .ifPresent(c -> assembleOverdue(c, now)));
        }
        transactions.run(() -> repository.forgetBefore(now - rememberFor));
    }

    private void assembleOverdue(SmsInboxRepository.Concat concat, long now) {
        Map<?, ?> address = json.readValue(
                new String(secrets.open("sms-concat", concat.id(), concat.address()), StandardCharsets.UTF_8),
                Map.class);
        assemble(concat, (String) address.get("destination"), (String) address.get("sender"), now);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
