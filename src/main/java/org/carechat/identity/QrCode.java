package org.carechat.identity;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A QR code as rows of modules ({@code 1} dark, {@code 0} light), without the quiet zone, encoded with ZXing. The
 * apps draw it as SVG squares: no image is made on the server and nothing is parsed as markup in the browser.
 */
final class QrCode {

    private QrCode() {}

    /** The modules of {@code text} at error correction level M (an authenticator app's key URI fits easily). */
    static List<String> rows(String text) {
        try {
            ByteMatrix matrix = Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix();
            List<String> rows = new ArrayList<>(matrix.getHeight());
            for (int y = 0; y < matrix.getHeight(); y++) {
                StringBuilder row = new StringBuilder(matrix.getWidth());
                for (int x = 0; x < matrix.getWidth(); x++) {
                    row.append(matrix.get(x, y) == 1 ? '1' : '0');
                }
                rows.add(row.toString());
            }
            return List.copyOf(rows);
        } catch (WriterException e) {
            throw new IllegalStateException("a key URI always fits in a QR code", e);
        }
    }
}
