package org.carechat.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A plain-text PDF on A4 pages (Apache PDFBox): the patient export's readable copy and the transcript "File to record"
 * attaches to a {@code DocumentReference}. A line starting with {@code "# "} is a heading in bold; long lines wrap at
 * the page width and keep their own line breaks; characters the standard PDF fonts cannot show are printed as
 * {@code ?}.
 */
public final class PlainPdf {

    private static final float MARGIN = 50;
    private static final float SIZE = 10;
    private static final float LEADING = 13;
    private static final int WIDTH_CHARS = 95;

    private PlainPdf() {}

    public static byte[] render(List<String> lines) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            Pages pages = new Pages(doc);
            for (String line : lines) {
                boolean heading = line.startsWith("# ");
                PDType1Font font = heading ? bold : regular;
                for (String part : wrap(heading ? line.substring(2) : line)) {
                    pages.line(font, printable(font, part));
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
                close();
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                stream = new PDPageContentStream(doc, page);
                y = page.getMediaBox().getHeight() - MARGIN;
            }
            stream.beginText();
            stream.setFont(font, SIZE);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
            y -= LEADING;
        }

        void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }
}
