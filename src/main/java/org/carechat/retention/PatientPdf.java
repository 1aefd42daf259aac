package org.carechat.retention;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.stereotype.Component;

/**
 * The readable copy of a patient's archive (Apache PDFBox): their record, each conversation's texts in order, and the
 * access log. Characters the standard PDF fonts cannot show are printed as {@code ?}; {@code patient.json} beside it
 * holds every text exactly.
 */
@Component
class PatientPdf {

    private static final float MARGIN = 50;
    private static final float SIZE = 10;
    private static final float LEADING = 13;
    private static final int WIDTH_CHARS = 95;

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
        return write(lines);
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

    private static byte[] write(List<String> lines) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            Pages pages = new Pages(doc);
            for (String line : lines) {
                boolean heading = line.startsWith("# ");
                for (String part : wrap(heading ? line.substring(2) : line)) {
                    pages.line(heading ? bold : regular, printable(heading ? bold : regular, part));
                }
            }
            pages.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the page width; texts keep their own line breaks. */
    static List<String> wrap(String text) {
        List<String> out = new ArrayList<>();
        for (String paragraph : text.split("\\R", -1)) {
            String rest = paragraph;
            while (rest.length() > WIDTH_CHARS) {
                int cut = rest.lastIndexOf(' ', WIDTH_CHARS);
                cut = cut <= 0 ? WIDTH_CHARS : cut;
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut).stripLeading();
            }
            out.add(rest);
        }
        return out;
    }

    /** The line with what the font cannot encode replaced by {@code ?}. */
    private static String printable(PDType1Font font, String line) {
        StringBuilder out = new StringBuilder(line.length());
        line.codePoints().forEach(cp -> {
            String ch = Character.toString(cp);
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException notInFont) {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Writes lines top to bottom, starting a page when one is full. */
    private static final class Pages {
        private final PDDocument doc;
        private PDPageContentStream stream;
        private float y;

        Pages(PDDocument doc) {
            this.doc = doc;
        }

        void line(PDType1Font font, String text) throws IOException {
            if (stream == null || y < MARGIN) {
                newPage();
            }
            stream.beginText();
            stream.setFont(font, SIZE);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
            y -= LEADING;
        }

        private void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }

        void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }
}
