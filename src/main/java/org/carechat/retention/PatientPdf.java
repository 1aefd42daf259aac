package org.carechat.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carechat.system.PlainPdf;
import org.springframework.stereotype.Component;

/**
 * The readable copy of a patient's archive ({@link PlainPdf}): their record, each conversation's texts in order, and the
 * access log. Characters the standard PDF fonts cannot show are printed as {@code ?}; {@code patient.json} beside it
 * holds every text exactly.
 */
@Component
class PatientPdf {

    byte[] render(PatientArchive a) {
        List<String> lines = new ArrayList<>();
        PatientArchive.Record p = a.patient();
        lines.add("# Everything CareChat holds about " + p.givenName() + " " + p.familyName());
        lines.add("Exported " + Instant.ofEpochMilli(a.exportedAt()) + " (" + PatientArchive.FORMAT + ")");
        lines.add("Patient id " + p.mrn() + ", born " + p.birthDate() + ", mobile " + orNone(p.mobile()) + ", e-mail "
                + orNone(p.email()));
        lines.add(
                a.account() == null
                        ? "No sign-in account."
                        : "Sign-in account since " + at(a.account().createdAt()));
        lines.add("");
        for (PatientArchive.Conversation c : a.conversations()) {
            lines.add("# Conversation " + orNone(c.topic()) + " (" + c.kind() + ", " + c.audience() + ")");
            if (c.purgedAt() != null) {
                lines.add("Purged " + at(c.purgedAt()) + ": its texts no longer exist.");
            }
            for (PatientArchive.Text t : c.messages()) {
                lines.add(at(t.sentAt()) + "  " + orNone(t.senderName()) + ": " + body(t));
                t.attachments().forEach(f -> lines.add("    attachment " + f.name() + " -> " + f.path()));
            }
            lines.add("");
        }
        lines.add("# Who accessed this data (audit trail)");
        for (PatientArchive.Access r : a.accessLog()) {
            lines.add(at(r.occurredAt()) + "  " + r.type().toLowerCase(java.util.Locale.ROOT) + " " + r.outcome()
                    + " by " + orNone(r.actorName()));
        }
        return PlainPdf.render(lines);
    }

    private static String body(PatientArchive.Text t) {
        if (t.withheld()) {
            return "[written by another patient: withheld]";
        }
        return t.text() == null ? "[deleted]" : t.text();
    }

    private static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
