package org.carechat.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides what a file is from its bytes alone (Apache Tika's magic-byte detector): the name and the type the client
 * declared are not given to Tika, so a page named {@code .png} is still HTML.
 */
final class ContentDetector {

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

    private ContentDetector() {}

    /** The detected media type without parameters, e.g. {@code image/png} or {@code text/html}. */
    static String detect(byte[] content) {
        try {
            MediaType type = TIKA.detect(new ByteArrayInputStream(content), new Metadata());
            return type.getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
    }
}
