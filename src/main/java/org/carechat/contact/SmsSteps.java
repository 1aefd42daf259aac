package org.carechat.contact;

import java.util.LinkedHashMap;
import java.util.Map;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.UserService;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.springframework.stereotype.Component;

/**
 * Records a step of an SMS to a patient ({@code sent}, {@code delivered}, {@code failed} with its reason) as an
 * {@code sms_status} entry naming the SMS's seq, by the organisation's automatic sender, with its audit row (ids and
 * the state only).
 */
@Component
class SmsSteps {

    private final Timeline timeline;
    private final UserService users;
    private final AuditLog audit;

    SmsSteps(Timeline timeline, UserService users, AuditLog audit) {
        this.timeline = timeline;
        this.users = users;
        this.audit = audit;
    }

    /** Call inside the unit of work that moved the SMS to {@code state}. */
    void record(ContactSmsRepository.Sms sms, String state, String reason) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seq", sms.seq());
        meta.put("state", state);
        if (reason != null) {
            meta.put("reason", reason);
        }
        timeline.append(
                sms.orgId(),
                sms.conversationId(),
                users.automaticSender(sms.orgId()).id(),
                EntryKind.SMS_STATUS,
                meta);
        audit.record(AuditEvent.of(AuditType.CONTACT_SMS_STATE)
                .org(sms.orgId())
                .target("contact_request", sms.requestId())
                .conversation(sms.conversationId())
                .detail("seq", sms.seq())
                .detail("state", state));
    }
}
