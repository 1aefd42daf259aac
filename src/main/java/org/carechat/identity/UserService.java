package org.carechat.identity;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Ids;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/** Staff accounts of an organisation. Other features look users up here, always within one organisation. */
@Service
public class UserService {

    public static final int MIN_SEARCH_LENGTH = 3;
    static final String NO_PATIENT_ROLE = "The patient role belongs to patients' own accounts, which patients make "
            + "by registering with the contact in their record; staff accounts have a staff role";
    public static final int MAX_SEARCH_RESULTS = 50;
    /** How long a one-time password (set by an admin or the operator, changed at first sign-in) works. */
    public static final java.time.Duration ONE_TIME_PASSWORD_LIFETIME = java.time.Duration.ofHours(72);

    static final long NAME_TTL_MILLIS = 5 * 60_000;
    private static final int NAME_CACHE_LIMIT = 50_000;

    private final UserRepository repository;
    private final jakarta.validation.Validator validator;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Ids ids;
    private final Clock clock;
    private final RolePolicy roles;
    private final Map<String, CachedName> nameCache = new java.util.concurrent.ConcurrentHashMap<>();

    UserService(
            UserRepository repository,
            PasswordHasher hasher,
            AuditLog audit,
            Ids ids,
            Clock clock,
            jakarta.validation.Validator validator,
            RolePolicy roles) {
        this.roles = roles;
        this.repository = repository;
        this.validator = validator;
        this.hasher = hasher;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /** An admin of the caller's organisation creates a staff member there. Call in a write transaction. */
    public User create(CurrentUser actor, NewUser request) {
        requireAdmin(actor, AuditType.USER_CREATED);
        return insert(actor.orgId(), request, false, actor.userId(), actor.ip());
    }

    /**
     * The command line or first start creates a user in {@code orgId}, without a signed-in actor. A user
     * created without a password cannot sign in with one (device tokens only, issued by the operator).
     *
     * @param systemAdmin whether the user may also create organisations
     */
    public User createByOperator(String orgId, NewUser request, boolean systemAdmin) {
        // The API validates NewUser at the boundary; the command line and first start come through here.
        validator.validate(request).stream()
                .filter(v -> !v.getPropertyPath().toString().equals("password"))
                .min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString()))
                .ifPresent(v -> {
                    throw ApiProblem.badRequest(v.getPropertyPath() + " " + v.getMessage());
                });
        return insert(orgId, request, systemAdmin, null, null);
    }

    private User insert(String orgId, NewUser request, boolean systemAdmin, String actorId, String ip) {
        if (request.role() == Role.PATIENT) {
            throw ApiProblem.badRequest(NO_PATIENT_ROLE);
        }
        String username = request.username().strip().toLowerCase(Locale.ROOT);
        String weakness = request.password() == null ? null : PasswordHasher.weakness(request.password(), username);
        if (weakness != null) {
            throw ApiProblem.badRequest(weakness);
        }
        if (repository.usernameTaken(orgId, username)) {
            throw ApiProblem.conflict("The username '" + username + "' is already taken");
        }
        User user = new User(
                ids.next(),
                orgId,
                username,
                request.displayName().strip(),
                request.role(),
                systemAdmin,
                false,
                clock.millis(),
                null);
        boolean mustChange = request.mustChangePassword() == null || request.mustChangePassword();
        boolean oneTime = mustChange && request.password() != null;
        repository.insert(
                user,
                request.password() == null ? null : hasher.hash(request.password()),
                mustChange,
                oneTime ? clock.millis() + ONE_TIME_PASSWORD_LIFETIME.toMillis() : null);
        audit.record(AuditEvent.of(AuditType.USER_CREATED)
                .org(orgId)
                .actor(actorId, ip)
                .target("user", user.id())
                .detail("role", user.role().code()));
        return user;
    }

    /**
     * Makes the account of a patient who registered with the contact in their record: role {@code patient}, no
     * password (they sign in with one-time codes), a username of its own that nobody types. Call in a write
     * transaction; audited as a user created by the patient.
     */
    public User createPatientAccount(String orgId, String patientId, String displayName, String ip) {
        User user = new User(
                ids.next(),
                orgId,
                "patient." + patientId.toLowerCase(Locale.ROOT),
                displayName,
                Role.PATIENT,
                false,
                false,
                clock.millis(),
                patientId);
        repository.insert(user, null, false, null);
        audit.record(AuditEvent.of(AuditType.USER_CREATED)
                .org(orgId)
                .actor(user.id(), ip)
                .target("user", user.id())
                .patient(patientId)
                .detail("role", Role.PATIENT.code()));
        return user;
    }

    /**
     * {@code by} (an admin in the console, or the operator's command line) gives the staff member {@code user} a new
     * one-time password (a forgotten password, or one that expired): it works for {@link #ONE_TIME_PASSWORD_LIFETIME}
     * and must be changed at sign-in; every session and token of the account ends. Call in a write transaction;
     * audited with {@code by} as the actor.
     */
    public void resetPassword(CurrentUser by, User user, String oneTimePassword, TokenService tokens) {
        repository.setOneTimePassword(
                user.id(), hasher.hash(oneTimePassword), clock.millis() + ONE_TIME_PASSWORD_LIFETIME.toMillis());
        tokens.revokeAll(by, user.id());
        audit.record(by.audit(AuditType.USER_UPDATED).target("user", user.id()).detail("change", "one_time_password"));
    }

    /**
     * The organisation's own account for what no person does: the sender of the texts patients send by SMS or through
     * the public contact form (they have no account), and of automatic answers. Role {@code patient} and no record, so
     * it is in no staff list; disabled and without a password, so nobody signs in with it. Made the first time it is
     * needed; call in a write transaction.
     */
    public User automaticSender(String orgId) {
        String username = "carechat." + orgId;
        return repository.findByUsername(orgId, username).orElseGet(() -> {
            User user =
                    new User(ids.next(), orgId, username, "CareChat", Role.PATIENT, false, true, clock.millis(), null);
            if (repository.insertUnlessTaken(user)) {
                audit.record(AuditEvent.of(AuditType.USER_CREATED)
                        .org(orgId)
                        .target("user", user.id())
                        .detail("role", "automatic"));
            }
            return repository.findByUsername(orgId, username).orElseThrow();
        });
    }

    /** The account of the patient record {@code patientId}, once the patient has registered. */
    public Optional<User> findPatientAccount(String orgId, String patientId) {
        return repository.findByPatient(orgId, patientId);
    }

    /**
     * Whether {@code userId} is a patient's account (of {@code orgId}): what the privacy rules ask of every member
     * and sender a patient is shown. Served from the same cache as {@link #displayNames}; roles never change to or
     * from patient.
     */
    public boolean isPatientAccount(String orgId, String userId) {
        if (userId == null) {
            return false;
        }
        CachedName cached = nameCache.get(userId);
        if (cached == null || !cached.orgId().equals(orgId) || clock.millis() - cached.fetchedAt() >= NAME_TTL_MILLIS) {
            displayNames(orgId, List.of(userId));
            cached = nameCache.get(userId);
        }
        return cached != null && cached.orgId().equals(orgId) && cached.patient();
    }

    /** Changes name, role or the disabled flag. Call in a write transaction. */
    public User update(CurrentUser actor, String userId, String displayName, Role role, Boolean disabled) {
        requireAdmin(actor, AuditType.USER_UPDATED);
        User user = require(actor.orgId(), userId);
        if (role == Role.PATIENT || user.isPatient() && role != null && role != Role.PATIENT) {
            throw ApiProblem.badRequest(NO_PATIENT_ROLE);
        }
        if (userId.equals(actor.userId()) && (Boolean.TRUE.equals(disabled) || (role != null && role != Role.ADMIN))) {
            throw ApiProblem.badRequest("Admins cannot disable themselves or remove their own admin role");
        }
        User changed = new User(
                user.id(),
                user.orgId(),
                user.username(),
                displayName == null ? user.displayName() : displayName.strip(),
                role == null ? user.role() : role,
                user.systemAdmin(),
                disabled == null ? user.disabled() : disabled,
                user.createdAt(),
                user.patientId());
        repository.update(actor.orgId(), userId, changed.displayName(), changed.role(), changed.disabled());
        nameCache.remove(userId);
        audit.record(actor.audit(AuditType.USER_UPDATED)
                .target("user", userId)
                .detail("role", changed.role().code())
                .detail("disabled", changed.disabled()));
        return changed;
    }

    /** The name an erased patient's account carries (docs/retention.md). */
    public static final String ERASED_ACCOUNT_NAME = "Erased patient";

    /**
     * Erases a patient's account (their erasure, docs/retention.md): renamed {@value #ERASED_ACCOUNT_NAME}, disabled,
     * no way to sign in left. The row stays, as what their past texts and memberships point at. The caller ends its
     * sessions and tokens ({@link TokenService#revokeAll}) and audits the erasure, in the same write unit of work.
     */
    public void erasePatientAccount(String orgId, String userId) {
        User user = require(orgId, userId);
        if (!user.isPatient()) {
            throw new IllegalArgumentException("not a patient account");
        }
        repository.update(orgId, userId, ERASED_ACCOUNT_NAME, Role.PATIENT, true);
        repository.updatePassword(userId, null);
        nameCache.remove(userId);
    }

    /**
     * The staff member {@code userId} of the caller's organisation, when the caller is an admin there.
     *
     * @throws ApiProblem 403 for a non-admin, 404 for no such user in the organisation
     */
    public User requireManageable(CurrentUser actor, String userId, AuditType attempted) {
        requireAdmin(actor, attempted);
        return require(actor.orgId(), userId);
    }

    /** The account {@code username} (any case) of the organisation {@code orgId}. */
    public Optional<User> findByUsername(String orgId, String username) {
        return repository.findByUsername(orgId, username.strip().toLowerCase(Locale.ROOT));
    }

    public Optional<User> find(String orgId, String userId) {
        return repository.findById(orgId, userId);
    }

    /** @throws ApiProblem 404 when there is no such user in the organisation */
    public User require(String orgId, String userId) {
        return find(orgId, userId).orElseThrow(() -> ApiProblem.notFound("User " + userId));
    }

    /** Finds active staff by name or username; at least {@value #MIN_SEARCH_LENGTH} characters. */
    public List<User> search(CurrentUser actor, String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.length() < MIN_SEARCH_LENGTH || q.length() > 100) {
            throw ApiProblem.badRequest("Search needs " + MIN_SEARCH_LENGTH + " to 100 characters");
        }
        return repository.search(actor.orgId(), "%" + escapeLike(q) + "%", MAX_SEARCH_RESULTS);
    }

    public List<User> list(CurrentUser actor, int limit, int offset) {
        return repository.list(actor.orgId(), limit, offset);
    }

    /**
     * Display names of the users of {@code orgId} among {@code ids} (ids of other organisations are absent). Served
     * from a small cache: names appear on every message pushed, and change rarely (an update here evicts it at
     * once; entries also expire after {@link #NAME_TTL_MILLIS}, the bound on staleness across nodes).
     */
    public Map<String, String> displayNames(String orgId, Collection<String> ids) {
        long now = clock.millis();
        Map<String, String> names = new java.util.HashMap<>();
        List<String> missing = new java.util.ArrayList<>();
        for (String id : ids) {
            CachedName cached = nameCache.get(id);
            if (cached != null && cached.orgId().equals(orgId) && now - cached.fetchedAt() < NAME_TTL_MILLIS) {
                names.put(id, cached.name());
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            if (nameCache.size() > NAME_CACHE_LIMIT) {
                nameCache.clear();
            }
            for (User u : repository.findAll(orgId, missing)) {
                nameCache.put(u.id(), new CachedName(orgId, u.displayName(), u.isPatient(), now));
                names.put(u.id(), u.displayName());
            }
        }
        return names;
    }

    private record CachedName(String orgId, String name, boolean patient, long fetchedAt) {}

    /** The users of {@code orgId} among {@code ids}, by id; ids of other organisations are simply absent. */
    public Map<String, User> findAll(String orgId, Collection<String> ids) {
        return repository.findAll(orgId, ids).stream().collect(Collectors.toMap(User::id, Function.identity()));
    }

    /**
     * {@link #findAll} from memory: a change made on this node shows at once, another node's within two seconds. For
     * decisions taken after a message committed (whom to push to, and as whom); never for signing in or access.
     */
    public Map<String, User> findAllRecent(String orgId, Collection<String> ids) {
        return repository.findAllRecent(orgId, ids);
    }

    private void requireAdmin(CurrentUser actor, AuditType attempted) {
        roles.requireAdmin(actor, attempted, "Only an organisation admin can manage staff accounts");
    }

    static String escapeLike(String s) {
        return s.replace("%", "").replace("_", "");
    }
}
