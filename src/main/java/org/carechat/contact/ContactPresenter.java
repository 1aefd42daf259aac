package org.carechat.contact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.UserService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.sms.SmsGateway;
import org.springframework.stereotype.Component;

/**
 * Turns stored requests into what staff see: the person (the linked record, read through the patient feature, else
 * the details given, unsealed), the reason's label, the assignee's name, and whether the caller closed the thread.
 * A list is read in a fixed number of queries, whatever its length.
 */
@Component
class ContactPresenter {

    private final ContactSealing sealing;
    private final ContactSettingsRepository settings;
    private final ContactRepository requests;
    private final PatientService patients;
    private final UserService users;
    private final SmsGateway gateway;

    ContactPresenter(
            ContactSealing sealing,
            ContactSettingsRepository settings,
            ContactRepository requests,
            PatientService patients,
            UserService users,
            SmsGateway gateway) {
        this.sealing = sealing;
        this.settings = settings;
        this.requests = requests;
        this.patients = patients;
        this.users = users;
        this.gateway = gateway;
    }

    List<ContactViews.RequestSummary> summaries(CurrentUser actor, List<ContactRequest> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        String orgId = actor.orgId();
        Set<String> patientIds = list.stream()
                .map(ContactRequest::patientId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Patient> records = patients.findAll(orgId, patientIds);
        Map<String, ContactReason> reasons =
                settings.reasons(orgId).stream().collect(Collectors.toMap(ContactReason::id, Function.identity()));
        Set<String> userIds = new HashSet<>();
        list.forEach(r -> {
            if (r.assigneeId() != null) {
                userIds.add(r.assigneeId());
            }
        });
        Map<String, String> names = users.displayNames(orgId, userIds);
        Map<String, Long> hidden = requests.hiddenAt(
                actor.userId(), list.stream().map(ContactRequest::id).toList());
        List<ContactViews.RequestSummary> rows = new ArrayList<>(list.size());
        for (ContactRequest r : list) {
            ContactReason reason = r.reasonId() == null ? null : reasons.get(r.reasonId());
            Long hiddenAt = hidden.get(r.id());
            rows.add(new ContactViews.RequestSummary(
                    r.id(),
                    r.status().code(),
                    r.source().code(),
                    reason == null ? null : new ContactViews.Ref(reason.id(), reason.label()),
                    person(r, r.patientId() == null ? null : records.get(r.patientId()), false),
                    r.assigneeId() == null
                            ? null
                            : new ContactViews.Ref(r.assigneeId(), names.getOrDefault(r.assigneeId(), "A colleague")),
                    r.newMessages(),
                    hiddenAt != null && (r.lastPatientAt() == null || hiddenAt >= r.lastPatientAt()),
                    r.preferredChannel().code(),
                    r.createdAt(),
                    r.statusChangedAt(),
                    r.lastPatientAt()));
        }
        return rows;
    }

    ContactViews.RequestSummary summary(CurrentUser actor, ContactRequest r) {
        return summaries(actor, List.of(r)).getFirst();
    }

    /**
     * @param withAccount whether to look up if the linked patient has an account (one query; for a single request)
     */
    ContactViews.RequestPerson person(ContactRequest r, Patient record, boolean withAccount) {
        String mobile = sealing.mobile(r);
        boolean valid = mobile != null && gateway.mobile(mobile) != null;
        if (record != null) {
            return new ContactViews.RequestPerson(
                    record.displayName(),
                    record.id(),
                    record.mrn(),
                    record.birthDate(),
                    mobile,
                    true,
                    valid,
                    withAccount
                            && users.findPatientAccount(r.orgId(), record.id()).isPresent());
        }
        GivenDetails given = sealing.details(r);
        if (given != null) {
            return new ContactViews.RequestPerson(
                    given.name(), null, null, given.birthDate(), mobile, false, valid, false);
        }
        return new ContactViews.RequestPerson(null, null, null, null, mobile, false, valid, false);
    }

    /** The linked records of {@code patientIds} that exist (for search by name or id). */
    Collection<String> existing(CurrentUser actor, Collection<String> patientIds) {
        return patients.findAll(actor.orgId(), patientIds).keySet();
    }
}
