package org.carechat.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * An organisation's EHR connection as its admins read and change it. Every change is checked (https addresses, or
 * http on this machine only; SMART system scopes), audited, and picked up by the worker at once. The signing key is
 * made by CareChat at the first save and replaced only when asked; its private half is never shown.
 */
@Service
public class FhirSettings {

    static final int MIN_INTERVAL_SECONDS = 60;
    static final int MAX_INTERVAL_SECONDS = 86_400;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Pattern SCOPE = Pattern.compile("system/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|[cruds]+)");

    private final FhirConnectionRepository repository;
    private final SigningKeys keys;
    private final SyncStates states;
    private final RolePolicy roles;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    FhirSettings(
            FhirConnectionRepository repository,
            SigningKeys keys,
            SyncStates states,
            RolePolicy roles,
            Transactions transactions,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.states = states;
        this.roles = roles;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** A change of every setting; {@code replaceKey} makes a new signing key (register the new JWKS at the EHR). */
    public record Change(
            boolean enabled,
            String baseUrl,
            String tokenUrl,
            String clientId,
            String scopes,
            int syncIntervalSeconds,
            String fileAs,
            Boolean encounterAccess,
            boolean replaceKey) {}

    /** The organisation's connection; empty when it was never set up. */
    public Optional<FhirConnection> find(String orgId) {
        return repository.find(orgId).map(FhirConnectionRepository.Stored::connection);
    }

    /** The public JWKS of the organisation's signing key; empty when it has no connection. */
    public Optional<java.util.Map<String, Object>> jwks(String orgId) {
        return repository.find(orgId).map(s -> SigningKeys.jwks(s.publicJwk()));
    }

    /**
     * Replaces the settings of the admin's organisation.
     *
     * @throws ApiProblem 403 for a non-admin (audited); 400 naming the first field that is wrong
     */
    public FhirConnection save(CurrentUser admin, Change change) {
        roles.requireAdmin(admin, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change the EHR link");
        String baseUrl = checkedUrl("baseUrl", change.baseUrl(), "https://ehr.hospital.example/fhir/R4");
        // Blank: discovered from the EHR's .well-known/smart-configuration at each token request.
        String tokenUrl = change.tokenUrl() == null || change.tokenUrl().isBlank()
                ? ""
                : checkedUrl("tokenUrl", change.tokenUrl(), "https://ehr.hospital.example/oauth2/token");
        List<String> scopes = checkedScopes(change.scopes());
        if (change.syncIntervalSeconds() < MIN_INTERVAL_SECONDS
                || change.syncIntervalSeconds() > MAX_INTERVAL_SECONDS) {
            throw ApiProblem.badRequest("syncIntervalSeconds: must be from " + MIN_INTERVAL_SECONDS + " to "
                    + MAX_INTERVAL_SECONDS + " (a day)");
        }
        Optional<FhirConnectionRepository.Stored> before = repository.find(admin.orgId());
        String fileAs = checkedFileAs(change.fileAs(), before);
        boolean newKey = change.replaceKey() || before.isEmpty();
        SigningKeys.NewKey key = newKey
                ? keys.create(admin.orgId())
                : new SigningKeys.NewKey(before.get().sealedKey(), before.get().publicJwk());
        FhirConnection connection = new FhirConnection(
                admin.orgId(),
                change.enabled(),
                baseUrl,
                tokenUrl,
                change.clientId().strip(),
                scopes,
                change.syncIntervalSeconds(),
                fileAs,
                change.encounterAccess() == null
                        ? before.map(s -> s.connection().encounterAccess()).orElse(false)
                        : change.encounterAccess(),
                Math.max(
                        clock.millis(),
                        before.map(s -> s.connection().updatedAt() + 1).orElse(0L)));
        return transactions.write(() -> {
            repository.save(connection, key.sealed(), key.publicJwk());
            states.reset(admin.orgId());
            audit.record(admin.audit(AuditType.SETTINGS_CHANGED)
                    .detail("setting", "fhir")
                    .detail("enabled", connection.enabled())
                    .detail("fileAs", connection.fileAs())
                    .detail("encounterAccess", connection.encounterAccess())
                    .detail("keyReplaced", newKey));
            return connection;
        });
    }

    /** The way to file: as asked, else as before, else one Communication per message. */
    private static String checkedFileAs(String asked, Optional<FhirConnectionRepository.Stored> before) {
        if (asked == null) {
            return before.map(s -> s.connection().fileAs()).orElse(FhirConnection.FILE_AS_COMMUNICATIONS);
        }
        if (!asked.equals(FhirConnection.FILE_AS_COMMUNICATIONS) && !asked.equals(FhirConnection.FILE_AS_DOCUMENT)) {
            throw ApiProblem.badRequest("fileAs: must be 'communications' (one Communication per message) or "
                    + "'document' (one DocumentReference with a PDF transcript)");
        }
        return asked;
    }

    static String checkedUrl(String field, String value, String example) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest(field + ": not a URL; give an address such as " + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback =
                uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw ApiProblem.badRequest(field + ": must start with https:// (plain http only for a server on this "
                    + "machine), e.g. " + example);
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw ApiProblem.badRequest(field + ": give the address alone, without a query or fragment");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    static List<String> checkedScopes(String scopes) {
        List<String> list = Arrays.stream(scopes.strip().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (list.isEmpty()) {
            throw ApiProblem.badRequest("scopes: give the SMART system scopes CareChat is granted, e.g. "
                    + "system/Patient.read system/Encounter.read");
        }
        for (String scope : list) {
            if (!SCOPE.matcher(scope).matches()) {
                throw ApiProblem.badRequest("scopes: '" + scope + "' is not a SMART system scope such as "
                        + "system/Patient.read or system/Patient.rs");
            }
        }
        return list;
    }
}
