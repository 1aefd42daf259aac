package org.carechat.retention;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a patient's archive: a zip of {@value #JSON} (the machine-readable record, {@link PatientArchive}),
 * {@value #PDF} (the same, to read) and their files under {@code files/}. Built in memory: an export is one patient's
 * data, and its size is that of their attachments.
 */
@Component
class ArchiveWriter {

    static final String JSON = "patient.json";
    static final String PDF = "patient.pdf";

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PatientPdf pdf;

    ArchiveWriter(PatientPdf pdf) {
        this.pdf = pdf;
    }

    byte[] zip(PatientArchive.WithFiles export) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, JSON, MAPPER.writeValueAsBytes(export.archive()));
            put(zip, PDF, pdf.render(export.archive()));
            for (PatientArchive.Named file : export.files()) {
                put(zip, file.path(), file.file().content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String path, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(path));
        zip.write(content);
        zip.closeEntry();
    }
}
