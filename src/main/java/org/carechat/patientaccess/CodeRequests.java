package org.carechat.patientaccess;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.notification.PatientChannel;
import org.carechat.notification.PatientChannels;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.carechat.system.RateLimiter;
import org.carechat.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * A patient asks for a one-time code ({@link PatientAccessService} describes the whole exchange): the request is
 * checked and limited, stored whether or not a record matches, and the code is sent off the request's thread to the
 * record's contact only, so the answer is the same and takes as long either way.
 */
@Service
public class CodeRequests implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CodeRequests.class);

    private final PatientAccessService access;
    private final PatientChannels channels;
    private final OrgService orgs;
    private final CodeRepository codes;
    private final RateLimiter limits;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Patients settings;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    CodeRequests(
            PatientAccessService access,
            PatientChannels channels,
            OrgService orgs,
            CodeRepository codes,
            RateLimiter limits,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock,
            CareChatProperties properties) {
        this.access = access;
        this.channels = channels;
        this.orgs = orgs;
        this.codes = codes;
        this.limits = limits;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.settings = properties.patients();
    }

    /**
     * A code request as answered: the secret that names it at sign-in, the channel the code goes by and how long it
     * works. The same whether a record matched or not.
     */
    public record Requested(String request, String channel, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Requested[request=***, channel=" + channel + "]";
        }
    }

    /**
     * Asks for a code for the patient whose record holds {@code contact} (a mobile number or an e-mail address) and
     * {@code birthDate}.
     *
     * @throws ApiProblem 400 for a contact that is neither a valid mobile number nor an e-mail address, a date that
     *                    is not one, or a channel this installation cannot send by; 429 beyond the request limits
     */
    public Requested requestCode(String contact, String birthDate, String ip) {
        String channelName = MobileNumbers.looksLikeNumber(contact) ? "sms" : "email";
        PatientChannel channel = channels.available(channelName).orElse(null);
        if (channel == null) {
            refuseRequest(ip, channelName, "channel_off");
            throw ApiProblem.badRequest(
                    channelName.equals("sms")
                            ? "Codes cannot be sent by SMS here; use the e-mail address in your record"
                            : "Codes cannot be sent by e-mail here; use the mobile number in your record");
        }
        String address = channel.addressOf(contact, contact);
        if (address == null) {
            refuseRequest(ip, channelName, "invalid_contact");
            throw ApiProblem.badRequest(
                    channelName.equals("sms")
                            ? "That is not a mobile number we can send to; write it with its country code, e.g. +44 7400 123456"
                            : "That is not an e-mail address");
        }
        String date = PatientAccessService.checkedBirthDate(
                birthDate, () -> refuseRequest(ip, channelName, "invalid_birth_date"));
        requireAllowed(
                RateLimiter.Limit.CODES_PER_ADDRESS,
                String.valueOf(ip),
                ip,
                "Too many codes were asked for from your address");
        requireAllowed(
                RateLimiter.Limit.CODES_PER_DESTINATION,
                channelName + ":" + address,
                ip,
                "Too many codes were asked for this " + (channelName.equals("sms") ? "number" : "address"));
        Patient match = access.matchingRecord(channel, address, date);
        String code = sixDigits();
        String secret = "pc_" + randomToken();
        long now = clock.millis();
        long lifetime = Math.min(settings.codeLifetime().toMillis(), PatientAccessService.MAX_LIFETIME_MILLIS);
        String id = ids.next();
        transactions.write(() -> {
            codes.deleteBefore(now - 24 * 3_600_000L);
            codes.insert(
                    id,
                    PatientAccessService.hash(secret),
                    match == null ? null : match.orgId(),
                    match == null ? null : match.id(),
                    channelName,
                    PatientAccessService.hash(id + ":" + code),
                    now,
                    now + lifetime);
            if (match != null) {
                audit.record(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                        .org(match.orgId())
                        .actor(null, ip)
                        .target("code", id)
                        .patient(match.id())
                        .detail("channel", channelName));
            }
            return null;
        });
        if (match == null) {
            refuseRequest(ip, channelName, "no_match");
        } else {
            long minutes = lifetime / 60_000;
            String orgId = match.orgId();
            senders.execute(() -> deliver( // the practice's name read off this thread: the answer's time says nothing
                    channel,
                    address,
                    id,
                    codeSubject(orgId),
                    "Your CareChat code is " + code + ". It works for " + minutes
                            + " minutes. Do not share it with anyone."));
        }
        return new Requested(secret, channelName, lifetime / 1000);
    }

    /**
     * The code e-mail's subject names the practice, so the patient knows who writes (its name only: no patient name,
     * nothing clinical); "CareChat" where the organisation cannot be read, so that the code still goes.
     */
    private String codeSubject(String orgId) {
        String practice;
        try {
            practice = orgs.find(orgId).map(Organisation::name).orElse("CareChat");
        } catch (RuntimeException unreadable) {
            practice = "CareChat";
        }
        return "Your sign-in code for " + practice;
    }

    private void deliver(PatientChannel channel, String address, String codeId, String subject, String text) {
        try {
            channel.send(address, subject, text);
        } catch (PatientChannel.SendFailed failed) {
            log.warn("the one-time code {} was not sent by {}: {}", codeId, channel.name(), failed.getMessage());
        }
    }

    private void requireAllowed(RateLimiter.Limit limit, String key, String ip, String what) {
        RateLimiter.Decision decision = limits.take(limit, key);
        if (!decision.allowed()) {
            if (decision.firstRefusal()) {
                audit.refused(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                        .actor(null, ip)
                        .detail("reason", "rate_limited")
                        .detail("limit", limit.name().toLowerCase(Locale.ROOT)));
            }
            throw ApiProblem.tooManyRequests(
                    what + "; try again in " + minutes(decision.retryAfterSeconds()), decision.retryAfterSeconds());
        }
    }

    /** Every refused code request is audited: the address and the reason, never the contact. */
    private void refuseRequest(String ip, String channelName, String reason) {
        audit.refused(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                .actor(null, ip)
                .detail("channel", channelName)
                .detail("reason", reason));
    }

    private static String minutes(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private String sixDigits() {
        return String.valueOf(100_000 + random.nextInt(900_000));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void destroy() {
        senders.shutdown();
    }
}
