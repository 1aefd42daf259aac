package org.carechat.admin;

import java.io.PrintWriter;
import java.util.List;
import org.carechat.CareChatApplication;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.system.Version;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code carechat}: the root of the admin command line ({@link AdminCli}). Without a command the launcher starts
 * the server instead. Commands reach the server's services through {@link #bean}, which starts the application
 * without its web server on first use (profile {@code cli}: no first-start organisation, no schedules).
 */
@Command(
        name = "carechat",
        mixinStandardHelpOptions = true,
        versionProvider = CareChatCommand.ReleaseVersion.class,
        description = "CareChat ${COMMAND-FULL-NAME}: without a command, starts the server.",
        footer = {
            "",
            "Exit codes: 0 done, 1 unexpected failure, 2 refused input or usage error (nothing changed),",
            "3 a check found a problem. Settings such as --carechat.data-dir=... configure the server worked on."
        },
        subcommands = {
            picocli.CommandLine.HelpCommand.class,
            CreateOrgCommand.class,
            CreateUserCommand.class,
            ImportPatientsCommand.class,
            UsersCommand.class,
            AuditCommand.class,
            RotateMasterKeyCommand.class,
            CheckConfigCommand.class,
            BackupCommand.class,
            VerifyBackupCommand.class,
            MetricsTokenCommand.class,
            FhirCommand.class,
            TrainCommand.class
        })
final class CareChatCommand implements AutoCloseable {

    private final List<String> springSettings;
    private ConfigurableApplicationContext context;

    @Spec
    CommandSpec spec;

    CareChatCommand(List<String> springSettings) {
        this.springSettings = springSettings;
    }

    /** The server's bean of {@code type}, starting the application (database, migrations, keys) on first use. */
    <T> T bean(Class<T> type) {
        if (context == null) {
            SpringApplication app = new SpringApplication(CareChatApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles("cli");
            context = app.run(springSettings.toArray(String[]::new));
        }
        return context.getBean(type);
    }

    /** The organisation named (or with the id) {@code nameOrId}; refused with exit code 2 when there is none. */
    Organisation organisation(String nameOrId) {
        OrgService orgs = bean(OrgService.class);
        return orgs.find(nameOrId)
                .or(() -> orgs.findByName(nameOrId))
                .orElseThrow(() -> new IllegalArgumentException("no organisation named '" + nameOrId + "'"));
    }

    List<String> springSettings() {
        return springSettings;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    static final class ReleaseVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"CareChat " + Version.current()};
        }
    }
}
