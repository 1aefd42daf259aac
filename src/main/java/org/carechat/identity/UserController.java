package org.carechat.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.storage.Transactions;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Validated
@Tag(name = "Staff", description = "Staff accounts of your organisation")
class UserController {

    private final UserService users;
    private final TokenService tokens;
    private final Transactions transactions;
    private final SecondFactorService secondFactors;

    UserController(
            UserService users, TokenService tokens, Transactions transactions, SecondFactorService secondFactors) {
        this.secondFactors = secondFactors;
        this.users = users;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    record UserUpdate(@Size(min = 1, max = 100) String displayName, Role role, Boolean disabled) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a staff account (admins)")
    User create(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody NewUser body) {
        return transactions.write(() -> users.create(actor, body));
    }

    @GetMapping
    @Operation(summary = "Search staff by name (q, at least 3 characters), or list them all without q")
    List<User> list(
            @AuthenticationPrincipal CurrentUser actor,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return q == null ? users.list(actor, limit, offset) : users.search(actor, q);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One staff member of your organisation")
    User get(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return users.require(actor.orgId(), id);
    }

    @PostMapping("/{id}/sessions/end")
    @Operation(summary = "End every session and device token of a staff member (admins); their sockets close")
    org.springframework.http.ResponseEntity<Void> endSessions(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        transactions.write(() -> {
            users.requireManageable(actor, id, org.carechat.audit.AuditType.TOKEN_REVOKED);
            tokens.revokeAll(actor, id);
            return null;
        });
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/second-factor/reset")
    @Operation(summary = "Clear a staff member's second factor, e.g. after a lost phone (admins)")
    org.springframework.http.ResponseEntity<Void> resetSecondFactor(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        secondFactors.reset(actor, id);
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename, change the role of, or disable a staff account (admins); disabling signs it out")
    User update(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody UserUpdate body) {
        return transactions.write(() -> {
            User updated = users.update(actor, id, body.displayName(), body.role(), body.disabled());
            if (updated.disabled()) {
                tokens.revokeAll(actor, id);
            }
            return updated;
        });
    }
}
