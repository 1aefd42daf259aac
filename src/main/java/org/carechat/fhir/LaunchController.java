package org.carechat.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.carechat.identity.PublicReadLimit;
import org.carechat.identity.SessionCookie;
import org.carechat.web.ApiProblem;
import org.carechat.web.OtherQueryParameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The SMART App Launch addresses an EHR is given for CareChat: the launch URL, which the EHR opens with {@code iss}
 * and {@code launch}, and the redirect URL its authorisation server sends the browser back to. Neither needs a
 * sign-in: the launch is what signs the clinician in ({@link SmartLaunch}).
 */
@RestController
@Tag(name = "EHR integration")
class LaunchController {

    static final String LAUNCH = "/api/v1/public/fhir/launch";
    static final String CALLBACK = "/api/v1/public/fhir/launch/callback";
    static final String COOKIE = "carechat_launch";
    private static final int MAX_PARAMETER = 2048;

    private final SmartLaunch launches;
    private final PublicReadLimit publicReads;

    LaunchController(SmartLaunch launches, PublicReadLimit publicReads) {
        this.launches = launches;
        this.publicReads = publicReads;
    }

    @GetMapping(LAUNCH)
    @OtherQueryParameters // the EHR writes the launch address
    @Operation(
            summary = "EHR launch: the EHR opens this with iss and launch; CareChat sends the browser to the EHR's "
                    + "authorisation server (no sign-in)")
    ResponseEntity<Void> launch(
            @RequestParam(required = false) String iss,
            @RequestParam(required = false) String launch,
            HttpServletRequest request) {
        // anyone may open it, and each launch stores a one-time state: limited per address like the sign-in pages
        publicReads.take(request, LAUNCH);
        require(iss, "iss", "the EHR's FHIR base URL");
        require(launch, "launch", "the EHR's launch context");
        if (!iss.startsWith("https://") && !iss.startsWith("http://")) {
            throw ApiProblem.badRequest("iss must be the EHR's FHIR base URL (https://…)");
        }
        SmartLaunch.Redirect redirect;
        try {
            redirect = launches.start(iss, launch, callbackUrl());
        } catch (LaunchRefused e) {
            throw problem(e);
        }
        ResponseCookie cookie = ResponseCookie.from(COOKIE, redirect.state())
                .httpOnly(true)
                .secure(true)
                .sameSite("Lax") // the authorisation server's redirect back is a cross-site navigation
                .path(CALLBACK)
                .maxAge(SmartLaunch.LIFETIME)
                .build();
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, redirect.authorize().toString())
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .build();
    }

    @GetMapping(CALLBACK)
    @OtherQueryParameters // the authorisation server may add session_state, iss, error_description
    @Operation(
            summary = "EHR launch: the EHR's authorisation server sends the browser back here with a code; CareChat "
                    + "signs the clinician in and opens the patient's conversation history (no sign-in)")
    ResponseEntity<Void> callback(
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String error,
            @CookieValue(name = COOKIE, required = false) String browserState,
            HttpServletRequest request) {
        if (error != null) {
            throw problem(launches.deniedByEhr(request.getRemoteAddr()));
        }
        require(code, "code", "the authorisation code");
        require(state, "state", "the launch's state");
        SmartLaunch.Launched launched;
        try {
            launched = launches.finish(state, browserState, code, callbackUrl(), request.getRemoteAddr());
        } catch (LaunchRefused e) {
            throw problem(e);
        }
        String target = launched.recordId() == null ? "/#/" : "/#/patients/" + launched.recordId() + "/history";
        ResponseCookie cleared = ResponseCookie.from(COOKIE, "")
                .path(CALLBACK)
                .maxAge(Duration.ZERO)
                .build();
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, target)
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionCookie.carrying(launched.session().secret()))
                .header(HttpHeaders.SET_COOKIE, cleared.toString())
                .build();
    }

    private static void require(String value, String name, String what) {
        if (value == null || value.isBlank() || value.length() > MAX_PARAMETER) {
            throw ApiProblem.badRequest(
                    name + " must be given (" + what + "), at most " + MAX_PARAMETER + " characters");
        }
    }

    private static ApiProblem problem(LaunchRefused e) {
        return switch (e.reason()) {
            case "unknown_iss" ->
                ApiProblem.notFound("An organisation connected to that FHIR server (an administrator "
                        + "sets its FHIR base URL under Console → Settings → EHR integration)");
            case "ehr_unavailable", "no_authorize" -> ApiProblem.serviceUnavailable(e.getMessage());
            case "other_browser", "expired" -> ApiProblem.badRequest(e.getMessage());
            default -> ApiProblem.forbidden(e.getMessage());
        };
    }

    private static String callbackUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(CALLBACK)
                .toUriString();
    }
}
