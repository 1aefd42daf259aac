package org.carechat.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carechat.system.PlainPdf;
import org.carechat.timeline.TimelineEntry;

/**
 * The PDF transcript "File to record" attaches to a {@code DocumentReference} ({@link PlainPdf}, as retention's
 * patient export): a heading, then each text in order with its time and sender.
 */
final class TranscriptPdf {

    private TranscriptPdf() {}

    /** @param heading the first line (not clinical content: who filed it and when) */
    static byte[] render(String heading, List<TimelineEntry> texts) {
        List<String> lines = new ArrayList<>();
        lines.add("# " + heading);
        for (TimelineEntry t : texts) {
            String who = t.senderName() == null || t.senderName().isBlank() ? "-" : t.senderName();
            lines.add(Instant.ofEpochMilli(t.createdAt()) + "  " + who + ": " + t.body());
        }
        return PlainPdf.render(lines);
    }
}
