package org.carechat;

import org.carechat.admin.AdminCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the CareChat server, or runs one admin command ({@code carechat help} lists them: {@link AdminCli}) against
 * the same database and exits with its code.
 */
// No Spring-made user store: CareChat authenticates its own sessions and tokens (identity/).
@SpringBootApplication(
        excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
public class CareChatApplication {

    public static void main(String[] args) {
        if (AdminCli.handles(args)) {
            System.exit(AdminCli.run(args));
        }
        SpringApplication.run(CareChatApplication.class, args);
    }
}
