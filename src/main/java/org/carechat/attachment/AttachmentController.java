package org.carechat.attachment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.carechat.identity.CurrentUser;
import org.carechat.timeline.EntryAttachments;
import org.carechat.web.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/attachments")
@Validated
@Tag(name = "Attachments", description = "Upload files to send with a message, and read them back")
class AttachmentController {

    /** Headers that keep a served file from being run as a page, whatever it holds. */
    static final String SANDBOX =
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " + "frame-ancestors 'none'";

    private final AttachmentService attachments;

    AttachmentController(AttachmentService attachments) {
        this.attachments = attachments;
    }

    /**
     * The body is the file itself (any Content-Type: the server decides the type from the content). The file name
     * travels in {@code X-File-Name}, percent-encoded UTF-8, never in the URL (URLs reach access logs).
     */
    @PostMapping
    @Operation(
            summary = "Upload a file (the raw body) to send with a message in this conversation; 201 with its id. "
                    + "JPEG, PNG, HEIC/HEIF, WebP and PDF by default, decided from the content; at most 20 MB. Photos are "
                    + "stored without their metadata. Not sent within an hour, it is discarded")
    ResponseEntity<EntryAttachments.Attachment> upload(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @RequestHeader(name = "X-File-Name", required = false) @Size(max = 2000) String fileName,
            HttpServletRequest request)
            throws IOException {
        EntryAttachments.Attachment uploaded = attachments.upload(
                actor, conversationId, decode(fileName), request.getContentLengthLong(), request.getInputStream());
        return ResponseEntity.status(HttpStatus.CREATED).body(uploaded);
    }

    @GetMapping("/{attachmentId}")
    @Operation(summary = "The file: shown inline for images, downloaded for anything else; authorised as its message")
    ResponseEntity<byte[]> content(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @PathVariable String attachmentId) {
        return served(attachments.open(actor, conversationId, attachmentId, false));
    }

    @GetMapping("/{attachmentId}/thumbnail")
    @Operation(summary = "A small preview of an image (JPEG or PNG); 404 for other files")
    ResponseEntity<byte[]> thumbnail(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @PathVariable String attachmentId) {
        return served(attachments.open(actor, conversationId, attachmentId, true));
    }

    private static ResponseEntity<byte[]> served(AttachmentService.Download download) {
        ContentDisposition disposition = (download.inline()
                        ? ContentDisposition.inline()
                        : ContentDisposition.attachment())
                .filename(download.fileName(), StandardCharsets.UTF_8)
                .build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.contentType()))
                .header("Content-Disposition", disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", SANDBOX)
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(download.content());
    }

    private static String decode(String header) {
        if (header == null) {
            return null;
        }
        try {
            return URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(
                    "X-File-Name must be the file name percent-encoded as UTF-8 " + "(encodeURIComponent)");
        }
    }
}
