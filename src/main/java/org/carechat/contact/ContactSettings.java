package org.carechat.contact;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.sms.SmsText;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.team.CareTeamService;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * An organisation's contact settings: the number patients text (texts to it become requests), the two automatic
 * answers, and the reasons patients pick from. Admins change them; the answers are fixed texts sent as they are to
 * whoever texts the number, so they can carry nothing about a patient (no placeholder is filled in).
 */
@Component
class ContactSettings {

    static final String DEFAULT_ACKNOWLEDGEMENT = "Thank you: your message has reached the practice and we will reply "
            + "as soon as we can. This number is not watched all the time; in an emergency call the emergency services.";
    static final String DEFAULT_CLOSED_ANSWER = "This conversation with the practice has been closed, so your message "
            + "may not be read. Please contact the practice another way: by phone, or in the patient app.";
    static final int MAX_REASONS = 30;
    static final int MAX_LABEL = 80;
    static final int MAX_ANSWER_PARTS = 2;

    /** The settings as shown and as changed; {@code smsNumber} as digits, or null. */
    record ContactSettingsView(
            String smsNumber, String acknowledgement, String closedAnswer, List<ContactReason> reasons) {}

    /** A reason as an admin lists it: without {@code id}, a new one; {@code active: false} retires it. */
    record ReasonChange(String id, String label, String teamId, Boolean active) {}

    private final ContactSettingsRepository repository;
    private final CareTeamService teams;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;

    ContactSettings(
            ContactSettingsRepository repository,
            CareTeamService teams,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock) {
        this.repository = repository;
        this.teams = teams;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    ContactSettingsView view(String orgId) {
        Optional<ContactSettingsRepository.Stored> stored = repository.find(orgId);
        return new ContactSettingsView(
                stored.map(ContactSettingsRepository.Stored::smsNumber).orElse(null),
                stored.map(ContactSettingsRepository.Stored::acknowledgement).orElse(DEFAULT_ACKNOWLEDGEMENT),
                stored.map(ContactSettingsRepository.Stored::closedAnswer).orElse(DEFAULT_CLOSED_ANSWER),
                repository.reasons(orgId));
    }

    /** The admin's view of the settings; others are refused (403, audited). */
    ContactSettingsView viewAsAdmin(CurrentUser actor) {
        roles.requireAdmin(actor, AuditType.SETTINGS_CHANGED, "Only an organisation admin can see these settings");
        return view(actor.orgId());
    }

    List<ContactReason> activeReasons(String orgId) {
        return repository.reasons(orgId).stream().filter(ContactReason::active).toList();
    }

    Optional<ContactReason> reason(String orgId, String reasonId) {
        return reasonId == null
                ? Optional.empty()
                : repository.reasons(orgId).stream()
                        .filter(r -> r.id().equals(reasonId))
                        .findFirst();
    }

    /** The organisation whose number patients text to {@code destination}, if any. */
    Optional<String> orgOfNumber(String destination) {
        String digits = digits(destination);
        return digits == null ? Optional.empty() : repository.orgOfNumber(digits);
    }

    /**
     * Changes the settings (admins): every field is set; reasons are listed in order, those left out are retired.
     *
     * @throws ApiProblem 400 naming the first problem, 409 for a number another organisation uses
     */
    ContactSettingsView change(
            CurrentUser actor,
            String smsNumber,
            String acknowledgement,
            String closedAnswer,
            List<ReasonChange> reasons) {
        roles.requireAdmin(actor, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change its settings");
        String number = smsNumber == null || smsNumber.isBlank() ? null : digits(smsNumber);
        if (smsNumber != null && !smsNumber.isBlank() && number == null) {
            throw ApiProblem.badRequest(
                    "smsNumber must be the practice's number or short code: 3 to 15 digits, " + "optionally after a +");
        }
        checkAnswer("acknowledgement", acknowledgement);
        checkAnswer("closedAnswer", closedAnswer);
        checkReasons(actor.orgId(), reasons);
        return transactions.write(() -> {
            if (number != null) {
                repository
                        .orgOfNumber(number)
                        .filter(org -> !org.equals(actor.orgId()))
                        .ifPresent(other -> {
                            throw ApiProblem.conflict("Another organisation already receives the texts to that number");
                        });
            }
            long now = clock.millis();
            repository.save(
                    new ContactSettingsRepository.Stored(
                            actor.orgId(), number, acknowledgement.strip(), closedAnswer.strip()),
                    now);
            saveReasons(actor.orgId(), reasons, now);
            audit.record(actor.audit(AuditType.SETTINGS_CHANGED)
                    .target("contact_settings", actor.orgId())
                    .detail("smsNumber", number != null)
                    .detail("reasons", reasons.size()));
            return view(actor.orgId());
        });
    }

    private void saveReasons(String orgId, List<ReasonChange> changes, long now) {
        Map<String, ContactReason> existing =
                repository.reasons(orgId).stream().collect(Collectors.toMap(ContactReason::id, Function.identity()));
        Set<String> kept = new HashSet<>();
        for (int position = 0; position < changes.size(); position++) {
            ReasonChange c = changes.get(position);
            boolean active = c.active() == null || c.active();
            String teamId = c.teamId() == null || c.teamId().isBlank() ? null : c.teamId();
            if (c.id() == null) {
                repository.insertReason(
                        orgId, new ContactReason(ids.next(), c.label().strip(), teamId, position, active), now);
            } else {
                kept.add(c.id());
                repository.updateReason(
                        orgId, new ContactReason(c.id(), c.label().strip(), teamId, position, active));
            }
        }
        for (ContactReason left : existing.values()) {
            if (!kept.contains(left.id()) && left.active()) {
                repository.updateReason(
                        orgId, new ContactReason(left.id(), left.label(), left.teamId(), left.position(), false));
            }
        }
    }

    private void checkReasons(String orgId, List<ReasonChange> reasons) {
        if (reasons.size() > MAX_REASONS) {
            throw ApiProblem.badRequest("An organisation lists at most " + MAX_REASONS + " reasons");
        }
        Set<String> known = new HashSet<>(
                repository.reasons(orgId).stream().map(ContactReason::id).toList());
        Set<String> labels = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            ReasonChange r = reasons.get(i);
            String where = "reasons[" + i + "]";
            if (r.label() == null || r.label().isBlank() || r.label().strip().length() > MAX_LABEL) {
                problems.add(where + ".label must have 1 to " + MAX_LABEL + " characters");
            } else if ((r.active() == null || r.active())
                    && !labels.add(r.label().strip().toLowerCase(Locale.ROOT))) {
                problems.add(where + ".label repeats another reason's");
            }
            if (r.id() != null && !known.contains(r.id())) {
                problems.add(where + ".id is not one of your organisation's reasons");
            }
            if (r.teamId() != null
                    && !r.teamId().isBlank()
                    && teams.find(orgId, r.teamId()).isEmpty()) {
                problems.add(where + ".teamId is not one of your organisation's care teams");
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest(String.join("; ", problems));
        }
    }

    /** An automatic answer: set (empty turns it off), plain text, at most two SMS long. */
    private static void checkAnswer(String field, String text) {
        if (text == null) {
            throw ApiProblem.badRequest(field + " is required (an empty text turns it off)");
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw ApiProblem.badRequest(field + " must be plain text: no control characters");
        }
        if (!text.isBlank() && SmsText.partsOf(text.strip()) > MAX_ANSWER_PARTS) {
            throw ApiProblem.badRequest(field + " must fit in " + MAX_ANSWER_PARTS + " SMS (306 characters, or 134 "
                    + "when it has a character outside the GSM alphabet)");
        }
    }

    /** The digits of a number or short code, or null when it is not 3 to 15 digits (an optional + before). */
    static String digits(String number) {
        if (number == null) {
            return null;
        }
        String plain = number.strip().replace(" ", "");
        if (plain.startsWith("+")) {
            plain = plain.substring(1);
        }
        return plain.matches("\\d{3,15}") ? plain : null;
    }
}
