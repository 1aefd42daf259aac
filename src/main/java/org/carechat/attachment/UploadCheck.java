package org.carechat.attachment;

import java.util.List;
import java.util.Optional;
import org.carechat.system.CareChatProperties;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Decides whether an uploaded file is accepted, and what is stored of it (T-FILE-01, docs/security.md
 * §Attachments): its type from its content alone, among the allowed ones; a name whose extension names another type
 * refused; photos stripped of their metadata; PDFs without active content or markup.
 */
@Component
class UploadCheck {

    private final List<FileType> installationTypes;
    private final RasterImages raster;
    private final long maxPixels;

    UploadCheck(CareChatProperties properties) {
        CareChatProperties.Attachments settings = properties.attachments();
        this.installationTypes = settings.allowedTypes().stream()
                .map(t -> FileType.of(t)
                        .orElseThrow(() -> new IllegalStateException(
                                "carechat.attachments.allowed-types: " + t + " is not one CareChat can check; it knows "
                                        + List.of(FileType.values()).stream()
                                                .map(f -> f.mediaType)
                                                .toList())))
                .toList();
        this.maxPixels = settings.maxPixels();
        this.raster = new RasterImages(maxPixels, settings.thumbnailSize());
    }

    /** What is stored of an accepted file. */
    record Accepted(FileType type, RasterImages.Cleaned cleaned) {}

    List<FileType> allowedTypes() {
        return installationTypes;
    }

    /**
     * @param allowed the types this organisation accepts (a subset of the installation's)
     * @throws ApiProblem 415 for a type not allowed (the detail says which are), 400 for a mismatched extension or a
     *                    file of an allowed type that fails its checks
     */
    Accepted check(byte[] content, DisplayName name, List<FileType> allowed) {
        String detected = ContentDetector.detect(content);
        Optional<FileType> known = FileType.of(detected);
        if (known.isEmpty() || !allowed.contains(known.get())) {
            throw ApiProblem.unsupportedMediaType("The file is "
                    + known.map(t -> t.label).orElse(detected)
                    + " (decided from its content, whatever its name); allowed are " + FileType.describe(allowed));
        }
        FileType type = known.get();
        name.extension().ifPresent(extension -> {
            if (!type.extensions.contains(extension.toLowerCase(java.util.Locale.ROOT))) {
                // The name is clinical content: the refusal does not repeat any of it.
                throw ApiProblem.badRequest("The file's name ends in an extension that does not match its content, a "
                        + type.label + "; it was refused. Rename it (." + type.extension + ") or send the right file");
            }
        });
        RasterImages.Cleaned cleaned = switch (type) {
            case JPEG, PNG -> raster.clean(content, type);
            case WEBP -> WebpImages.clean(content, maxPixels);
            case HEIC, HEIF -> HeifImages.clean(content, type, maxPixels);
            case PDF -> {
                PdfCheck.refusal(content).ifPresent(reason -> {
                    throw ApiProblem.badRequest(reason);
                });
                yield new RasterImages.Cleaned(content, null, 0, 0);
            }
        };
        return new Accepted(type, cleaned);
    }
}
