package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.AccountAdministration;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.StaffAccount;
import org.carechat.identity.TokenService;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The console's staff page: the organisation's staff accounts with their sign-in facts, and password resets. */
@RestController
@RequestMapping("/api/v1/admin/staff")
@Validated
@Tag(name = "Admin console", description = "What the admin console reads and does beyond the features' own routes")
class StaffAccountsController {

    private final AccountAdministration accounts;
    private final TokenService tokens;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    StaffAccountsController(
            AccountAdministration accounts,
            TokenService tokens,
            Transactions transactions,
            AuditLog audit,
            Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping
    @Operation(
            summary = "Staff accounts of your organisation with role, status, last sign-in and second factor "
                    + "(admins); q matches names and usernames")
    List<StaffAccount> list(
            @AuthenticationPrincipal CurrentUser actor,
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        List<StaffAccount> found = accounts.directory(actor, q, limit);
        transactions.run(() -> audit.record(
                actor.audit(AuditType.CONSOLE_VIEWED).detail("page", "staff").detail("rows", found.size())));
        return found;
    }

    /**
     * @param oneTimePassword shown once, to hand to the staff member; it must be changed at their next sign-in
     * @param expiresAt       when it stops working (epoch ms)
     */
    record PasswordReset(String userId, String oneTimePassword, long expiresAt) {
        @Override
        public String toString() {
            return "PasswordReset[userId=" + userId + ", oneTimePassword=***]";
        }
    }

    @PostMapping("/{id}/password-reset")
    @Operation(
            summary = "Give a staff member a new one-time password (admins): shown once, works 72 hours, to be "
                    + "changed at sign-in; their sessions end")
    PasswordReset resetPassword(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        String password = OneTimePassword.generate();
        return transactions.write(() -> {
            accounts.resetPassword(actor, id, password, tokens);
            return new PasswordReset(id, password, clock.millis() + UserService.ONE_TIME_PASSWORD_LIFETIME.toMillis());
        });
    }
}
