package org.carechat.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.carechat.system.Version;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs} (browsable at {@code /api-docs.html}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI carechatApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("CareChat API")
                        .version(Version.current())
                        .description("""
                        Secure clinical messaging (API v1; the document's version is the server's release). \
                        Errors are RFC 9457 problem details. Every operation of the \
                        WebSocket at /api/v1/ws has a REST form here; docs/delivery.md describes the frames, \
                        sequence numbers, cursors and idempotent sends."""))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A device token from POST /api/v1/auth/token"))
                        .addSecuritySchemes(
                                "session",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.COOKIE)
                                        .name("__Host-carechat_session")
                                        .description(
                                                "Browser session from POST /api/v1/auth/login; requests that change "
                                                        + "data also need the X-CSRF-Token header")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }
}
