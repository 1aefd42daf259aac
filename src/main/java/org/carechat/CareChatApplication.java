package org.carechat;

import org.carechat.admin.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the CareChat server, or runs one admin command ({@code create-org}, {@code create-user},
 * {@code import-patients}) against the same database and exits.
 */
// No Spring-made user store: CareChat authenticates its own sessions and tokens (identity/).
@SpringBootApplication(
        excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
public class CareChatApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(CareChatApplication.class);
        if (CommandLine.isCommand(args)) {
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles("cli");
            System.exit(SpringApplication.exit(app.run(args)));
        }
        app.run(args);
    }
}
