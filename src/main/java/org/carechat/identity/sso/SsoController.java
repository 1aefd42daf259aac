package org.carechat.identity.sso;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.PublicReadLimit;
import org.carechat.identity.RolePolicy;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(name = "Single sign-on", description = "Each organisation's OpenID Connect provider")
class SsoController {

    private final SsoSettings settings;
    private final SsoRepository repository;
    private final OrgClientRegistrations registrations;
    private final OrgService orgs;
    private final RolePolicy roles;
    private final PublicReadLimit publicReads;

    SsoController(
            SsoSettings settings,
            SsoRepository repository,
            OrgClientRegistrations registrations,
            OrgService orgs,
            RolePolicy roles,
            PublicReadLimit publicReads) {
        this.settings = settings;
        this.repository = repository;
        this.registrations = registrations;
        this.orgs = orgs;
        this.roles = roles;
        this.publicReads = publicReads;
    }

    /** A "Sign in with …" button of the sign-in page: the organisation, the provider's name and where it starts. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SingleSignOnButton")
    record Provider(String orgId, String organisation, String provider, String startUrl) {}

    static final String PROVIDERS_PATH = "/api/v1/public/sso";

    @GetMapping(PROVIDERS_PATH)
    @Operation(
            summary = "The organisations that sign staff in through an identity provider (the sign-in page's buttons; "
                    + "no sign-in; rate-limited)")
    List<Provider> providers(HttpServletRequest request) {
        publicReads.take(request, PROVIDERS_PATH);
        return repository.enabled().stream()
                .map(e -> new Provider(
                        e.getKey(),
                        orgs.find(e.getKey()).map(Organisation::name).orElse(""),
                        e.getValue(),
                        SsoSecurityConfig.START + "/" + e.getKey()))
                .toList();
    }

    /**
     * The settings as admins see them: never the client secret, only whether one is stored; {@code redirectUri} is
     * the address to register at the provider.
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SingleSignOnSettings")
    record View(
            boolean configured,
            boolean enabled,
            String displayName,
            String issuer,
            String clientId,
            boolean clientSecretSet,
            String groupsClaim,
            Map<String, String> groupRoles,
            boolean provisionAccounts,
            boolean linkByEmail,
            boolean passwordSignInOff,
            boolean requireMfa,
            boolean rolesFollowGroups,
            String redirectUri) {}

    /**
     * A change of every setting; {@code clientSecret} left out or blank keeps the stored one, {@code rolesFollowGroups}
     * left out keeps the stored choice.
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SingleSignOnChange")
    record Change(
            @NotNull Boolean enabled,
            @NotBlank @Size(max = 60) String displayName,
            @NotBlank @Size(max = 300) String issuer,
            @NotBlank @Size(max = 200) String clientId,
            @Size(max = 500) String clientSecret,

            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = "[A-Za-z0-9_:./-]+", message = "may contain only letters, digits and _ : . / -")
            String groupsClaim,

            @NotNull @Size(max = SsoSettings.MAX_GROUPS)
            Map<@Size(max = 200) String, @NotNull @Size(max = 20) String> groupRoles,

            @NotNull Boolean provisionAccounts,
            @NotNull Boolean linkByEmail,
            @NotNull Boolean passwordSignInOff,
            @NotNull Boolean requireMfa,
            Boolean rolesFollowGroups) {
        @Override
        public String toString() {
            return "Change[issuer=" + issuer + ", clientSecret=***]";
        }
    }

    @GetMapping("/api/v1/orgs/current/sso")
    @Operation(summary = "Your organisation's single sign-on settings (admins); the client secret is never shown")
    View current(@AuthenticationPrincipal CurrentUser admin) {
        roles.requireAdmin(admin, AuditType.CONSOLE_VIEWED, "Only an organisation admin can see single sign-on");
        return view(admin.orgId(), settings.find(admin.orgId()).orElse(null));
    }

    @PutMapping("/api/v1/orgs/current/sso")
    @Operation(
            summary = "Set up or change your organisation's single sign-on (admins); the issuer's discovery "
                    + "document is checked before anything is stored")
    View save(@AuthenticationPrincipal CurrentUser admin, @Valid @RequestBody Change body) {
        SsoProvider saved = settings.save(
                admin,
                new SsoSettings.Change(
                        body.enabled(),
                        body.displayName(),
                        body.issuer(),
                        body.clientId(),
                        body.clientSecret(),
                        body.groupsClaim(),
                        body.groupRoles(),
                        body.provisionAccounts(),
                        body.linkByEmail(),
                        body.passwordSignInOff(),
                        body.requireMfa(),
                        body.rolesFollowGroups()));
        return view(admin.orgId(), saved);
    }

    /** Where the browser goes after signing out: the provider's sign-out page, or null when there is none to visit. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SingleSignOnSignOut")
    record SignOut(String providerSignOutUrl) {}

    @GetMapping("/api/v1/auth/sso-sign-out")
    @Operation(
            summary = "For a session single sign-on made: the provider's sign-out page (RP-initiated logout), to "
                    + "visit after POST /api/v1/auth/logout")
    SignOut signOut(@AuthenticationPrincipal CurrentUser user) {
        return new SignOut(repository
                .sessionOrg(user.deviceId())
                .flatMap(org -> registrations
                        .endSessionEndpoint(org)
                        .map(endpoint -> endpoint + "?client_id="
                                + encode(settings.find(org)
                                        .map(SsoProvider::clientId)
                                        .orElse(""))
                                + "&post_logout_redirect_uri="
                                + encode(ServletUriComponentsBuilder.fromCurrentContextPath()
                                        .path(SsoSecurityConfig.APP)
                                        .toUriString())))
                .orElse(null));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static View view(String orgId, SsoProvider p) {
        String redirect = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(OrgClientRegistrations.CALLBACK + orgId)
                .toUriString();
        if (p == null) {
            return new View(
                    false, false, "", "", "", false, "groups", Map.of(), false, false, false, false, false, redirect);
        }
        return new View(
                true,
                p.enabled(),
                p.displayName(),
                p.issuer(),
                p.clientId(),
                p.hasClientSecret(),
                p.groupsClaim(),
                p.groupRoles().entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().code(), (a, b) -> a, java.util.TreeMap::new)),
                p.provisionAccounts(),
                p.linkByEmail(),
                p.passwordSignInOff(),
                p.requireMfa(),
                p.rolesFollowGroups(),
                redirect);
    }
}
