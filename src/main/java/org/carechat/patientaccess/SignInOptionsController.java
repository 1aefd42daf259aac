package org.carechat.patientaccess;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.org.OrgService;
import org.carechat.system.RateLimiter;
import org.carechat.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the patient sign-in page offers before anyone has said who they are. It names no person and no practice and is
 * the same for every caller, so it tells nothing about accounts; it is limited per address all the same.
 */
@RestController
@Tag(name = "Patient sign-in")
class SignInOptionsController {

    static final String PATH = "/api/v1/public/patient-sign-in";

    private final OrgService orgs;
    private final RateLimiter limits;
    private final AuditLog audit;

    SignInOptionsController(OrgService orgs, RateLimiter limits, AuditLog audit) {
        this.orgs = orgs;
        this.limits = limits;
        this.audit = audit;
    }

    /** @param passwords offer "I have a password": an organisation of this server has patients sign in by password */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientSignInOptions")
    record SignInOptions(boolean passwords) {}

    @GetMapping(PATH)
    @Operation(
            summary = "What the patient sign-in page offers: \"I have a password\" only where an organisation of this "
                    + "server has patients sign in by password (no sign-in; the same answer for everyone; "
                    + "rate-limited)")
    SignInOptions options(HttpServletRequest request) {
        String ip = request.getRemoteAddr();
        RateLimiter.Decision decision = limits.take(RateLimiter.Limit.PUBLIC_READS_PER_ADDRESS, String.valueOf(ip));
        if (!decision.allowed()) {
            if (decision.firstRefusal()) {
                audit.refused(AuditEvent.of(AuditType.ACCESS_DENIED)
                        .actor(null, ip)
                        .detail("route", PATH)
                        .detail("reason", "rate_limited")
                        .detail(
                                "limit",
                                RateLimiter.Limit.PUBLIC_READS_PER_ADDRESS
                                        .name()
                                        .toLowerCase(Locale.ROOT)));
            }
            throw ApiProblem.tooManyRequests(
                    "Too many requests from your address; reload the page in " + decision.retryAfterSeconds() + " s",
                    decision.retryAfterSeconds());
        }
        return new SignInOptions(orgs.anyPatientPasswords());
    }
}
