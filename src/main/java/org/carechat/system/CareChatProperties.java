package org.carechat.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every CareChat setting, bound from {@code carechat.*} (application.yml, environment variables such as
 * {@code CARECHAT_STORAGE}, or command-line {@code --carechat.storage=postgresql}). README.md lists them.
 *
 * @param storage        {@code sqlite} (default, one node) or {@code postgresql}
 * @param dataDir        where the SQLite file and the master key live
 * @param masterKeyFile  the master keyset; defaults to {@code <dataDir>/master-key.json}
 * @param masterKey      the master keyset itself (Tink JSON), e.g. from {@code CARECHAT_MASTER_KEY}, instead of a file
 * @param masterKeyUri   a KMS key URI served by a registered Tink KMS client, instead of a file
 * @param dataKeyRotation a conversation's data key older than this gets a new primary key with its next message
 * @param postgres       connection settings when {@code storage=postgresql}
 * @param messages       message limits
 * @param sessions       sign-in session settings
 * @param realtime       WebSocket settings
 * @param publicUrl      the URL printed at start and used as the allowed WebSocket origin
 * @param limits         rate limits
 * @param patients       patient registration and sign-in
 * @param sms            the organisation's SMS centre (SMPP); patient notices and codes by SMS are off without a host
 * @param notices        patient notices of unread messages
 * @param cluster        several nodes on one PostgreSQL
 * @param overload       how many sends and sockets a node takes on at once, and each organisation's share
 * @param attachments    files sent with messages: limits, allowed types, where they are stored
 */
@ConfigurationProperties("carechat")
public record CareChatProperties(
        @DefaultValue("sqlite") Storage storage,
        @DefaultValue("./data") Path dataDir,
        Path masterKeyFile,
        String masterKey,
        String masterKeyUri,
        @DefaultValue("30d") Duration dataKeyRotation,
        @DefaultValue Postgres postgres,
        @DefaultValue Messages messages,
        @DefaultValue Sessions sessions,
        @DefaultValue Realtime realtime,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue Limits limits,
        @DefaultValue Patients patients,
        @DefaultValue Sms sms,
        @DefaultValue Notices notices,
        @DefaultValue Cluster cluster,
        @DefaultValue Overload overload,
        @DefaultValue Attachments attachments) {

    public enum Storage {
        SQLITE,
        POSTGRESQL
    }

    public Path resolvedMasterKeyFile() {
        return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master-key.json");
    }

    /**
     * At most {@code capacity} in any {@code per}, refilled evenly (a token bucket); written {@code 120/1m}.
     */
    public record Rate(long capacity, Duration per) {

        /** @throws IllegalArgumentException with the expected form when {@code text} is not like {@code 120/1m} */
        public static Rate parse(String text) {
            int slash = text.indexOf('/');
            try {
                long capacity = Long.parseLong(text.substring(0, slash).strip());
                Duration per = org.springframework.boot.convert.DurationStyle.detectAndParse(
                        text.substring(slash + 1).strip());
                if (capacity < 1 || per.isNegative() || per.isZero()) {
                    throw new IllegalArgumentException("must be positive");
                }
                return new Rate(capacity, per);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "A rate is written as count/period, e.g. 120/1m (not '" + text + "')", e);
            }
        }
    }

    /**
     * Rate limits (docs/security.md §Limits); each is {@code capacity} per {@code per}.
     *
     * @param signInsPerAddress       sign-in attempts from one address
     * @param failedSignInsPerAccount failed sign-ins of one username before it is locked (until the bucket refills)
     * @param failedCodesPerAccount   wrong second-factor codes of one account
     * @param sendsPerUser            messages sent by one user
     * @param sendsPerAddress         messages sent from one address
     * @param framesPerUser           frames received from one user's sockets; beyond it the socket is closed (1008)
     * @param framesPerAddress        frames received from one address's sockets; likewise
     * @param uploadsPerUser          attachments uploaded by one user (each up to {@code attachments.max-file-bytes})
     * @param contactFormsPerAddress  public contact forms sent from one address
     * @param contactFormsPerNumber   public contact forms naming one mobile number
     * @param publicReadsPerAddress   reads of a sign-in page's public options from one address (per route)
     */
    public record Limits(
            @DefaultValue("30/1m") Rate signInsPerAddress,
            @DefaultValue("10/15m") Rate failedSignInsPerAccount,
            @DefaultValue("10/15m") Rate failedCodesPerAccount,
            @DefaultValue("120/1m") Rate sendsPerUser,
            @DefaultValue("6000/1m") Rate sendsPerAddress,
            @DefaultValue("400/20s") Rate framesPerUser,
            @DefaultValue("20000/20s") Rate framesPerAddress,
            @DefaultValue("5/1h") Rate codesPerDestination,
            @DefaultValue("20/1h") Rate codesPerAddress,
            @DefaultValue("60/10m") Rate uploadsPerUser,
            @DefaultValue("10/1h") Rate contactFormsPerAddress,
            @DefaultValue("3/1h") Rate contactFormsPerNumber,
            @DefaultValue("60/1m") Rate publicReadsPerAddress) {}

    /**
     * @param defaultRegion the country (ISO 3166 code) of mobile numbers written without a country code, e.g. GB
     * @param codeLifetime  how long a one-time code works (at most 10 minutes)
     * @param codeAttempts  wrong entries a code allows before it stops working
     */
    public record Patients(
            @DefaultValue("GB") String defaultRegion,
            @DefaultValue("10m") Duration codeLifetime,
            @DefaultValue("5") int codeAttempts) {}

    /**
     * The SMPP connection to the SMS centre (bound as a transceiver and kept bound, so patients' replies and delivery
     * receipts come in on the same session). SMS is off while {@code host} is empty.
     *
     * @param sourceAddress    the sender shown on the phone when an organisation has no number of its own: an
     *                         alphanumeric name (up to 11 characters) or a number
     * @param messageIdTag     the TLV (e.g. {@code 0x001E}) in which the SMS centre gives a mobile-originated message its
     *                         id, by which a message delivered twice is recognised; empty when it gives none
     * @param duplicateWindow  without such an id, the same text from the same number within this is a redelivery
     * @param partTimeout      the parts of a concatenated SMS that came are delivered, marked incomplete, when the
     *                         others have not come within this
     * @param rememberFor      how long receipts are remembered to recognise redeliveries
     * @param enquireLink      how often an idle link is checked
     * @param reconnectAtMost  the longest wait between attempts to bind again (the wait doubles from 1 s up to it)
     */
    public record Sms(
            String host,
            @DefaultValue("2775") int port,
            String systemId,
            String password,
            @DefaultValue("") String systemType,
            @DefaultValue("CareChat") String sourceAddress,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("") String messageIdTag,
            @DefaultValue("10m") Duration duplicateWindow,
            @DefaultValue("30m") Duration partTimeout,
            @DefaultValue("7d") Duration rememberFor,
            @DefaultValue("30s") Duration enquireLink,
            @DefaultValue("60s") Duration reconnectAtMost) {

        public boolean configured() {
            return host != null && !host.isBlank();
        }

        /** The message id TLV tag, or 0 when none is set. */
        public short messageIdTagValue() {
            if (messageIdTag == null || messageIdTag.isBlank()) {
                return 0;
            }
            String digits = messageIdTag.strip().toLowerCase(java.util.Locale.ROOT);
            return (short)
                    (digits.startsWith("0x") ? Integer.parseInt(digits.substring(2), 16) : Integer.parseInt(digits));
        }
    }

    /**
     * @param interval  how often due notices are looked for and sent ({@code 0} turns the schedule off; tests run it)
     * @param mailFrom  the From address of notice and code e-mails
     * @param retries   failed sends of one notice before it is given up
     * @param backoff   the wait after the first failed send; doubled after each further failure
     */
    public record Notices(
            @DefaultValue("1m") Duration interval,
            @DefaultValue("carechat@localhost") String mailFrom,
            @DefaultValue("5") int retries,
            @DefaultValue("2m") Duration backoff) {}

    /**
     * @param maxSends          sends in progress at once on this node (each holds a database connection)
     * @param organisationShare the fraction of {@code maxSends} one organisation may hold
     * @param waitFor           how long a send waits for room before it is refused (429)
     * @param maxSockets        WebSockets this node holds at once; one more is closed with 1013 (try again later)
     */
    public record Overload(
            @DefaultValue("64") int maxSends,
            @DefaultValue("0.5") double organisationShare,
            @DefaultValue("1s") Duration waitFor,
            @DefaultValue("15000") int maxSockets) {}

    /**
     * Attachments (docs/security.md §Attachments).
     *
     * @param maxFileBytes      largest file accepted
     * @param maxPerMessage     most files one message carries
     * @param allowedTypes      content types accepted, as decided from the content; an organisation may narrow them
     * @param maxPixels         largest image (width × height) decoded; more is refused as a pixel flood
     * @param store             {@code directory} (a folder on this node), {@code database} (a table every node
     *                          reaches) or {@code auto}: database in cluster mode, else directory
     * @param directory         the folder of the directory store; defaults to {@code <dataDir>/attachments}
     * @param abandonAfter      an upload not sent with a message within this is removed by the sweeper
     * @param sweepEvery        how often the sweeper runs
     * @param maxPendingPerUser uploads one user may hold unsent at once
     * @param thumbnailSize     longest side of a thumbnail, in pixels
     */
    public record Attachments(
            @DefaultValue("20971520") long maxFileBytes,
            @DefaultValue("5") int maxPerMessage,

            @DefaultValue({"image/jpeg", "image/png", "image/heic", "image/heif", "image/webp", "application/pdf"})
            List<String> allowedTypes,

            @DefaultValue("40000000") long maxPixels,
            @DefaultValue("auto") String store,
            Path directory,
            @DefaultValue("1h") Duration abandonAfter,
            @DefaultValue("10m") Duration sweepEvery,
            @DefaultValue("20") int maxPendingPerUser,
            @DefaultValue("320") int thumbnailSize) {}

    public Path resolvedAttachmentDirectory() {
        return attachments.directory() != null ? attachments.directory() : dataDir.resolve("attachments");
    }

    /**
     * @param enabled this node is one of several on one PostgreSQL: rings travel between nodes (docs/operations.md)
     */
    public record Cluster(@DefaultValue("false") boolean enabled) {}

    public record Postgres(
            @DefaultValue("jdbc:postgresql://127.0.0.1:5432/carechat")
            String url,

            @DefaultValue("carechat") String username,
            @DefaultValue("") String password,
            @DefaultValue("20") int poolSize,
            @DefaultValue("4") int writerLanes) {}

    /**
     * @param maxLength   longest message body in characters (Unicode code points)
     * @param pageLimit   most messages one history page or one resume batch returns
     */
    public record Messages(
            @DefaultValue("4000") int maxLength,
            @DefaultValue("200") int pageLimit) {}

    /**
     * @param idleTimeout     a session or token unused this long stops working
     * @param absoluteTimeout a browser session older than this stops working whatever its use
     * @param deviceTokenIdleTimeout a device token unused this long stops working
     * @param patientDeviceTokenLifetime a patient's device token older than this stops working whatever its use
     */
    public record Sessions(
            @DefaultValue("30m") Duration idleTimeout,
            @DefaultValue("12h") Duration absoluteTimeout,
            @DefaultValue("90d") Duration deviceTokenIdleTimeout,
            @DefaultValue("30d") Duration patientDeviceTokenLifetime) {}

    /**
     * @param allowedOrigins   browser origins allowed to open the WebSocket (besides {@code publicUrl})
     * @param resumeLimit      most events one conversation sends on resume before answering {@code limited}
     * @param maxFrameBytes    largest inbound WebSocket frame
     * @param sendBufferBytes  outbound bytes queued for a slow client before it is disconnected
     */
    public record Realtime(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("1000") int resumeLimit,
            @DefaultValue("65536") int maxFrameBytes,
            @DefaultValue("4194304") int sendBufferBytes) {}
}
