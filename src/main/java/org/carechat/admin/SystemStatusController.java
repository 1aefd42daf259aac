package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.notification.ChannelStatus;
import org.carechat.notification.PatientChannels;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's system page: which CareChat this is, on which database, and whether the SMTP server and the SMS
 * centre took the last things given to them. Names hosts and versions only, never a credential.
 */
@RestController
@Tag(name = "Admin console")
class SystemStatusController {

    private final ObjectProvider<BuildProperties> build;
    private final DataSource dataSource;
    private final ObjectProvider<Flyway> flyway;
    private final PatientChannels channels;
    private final CareChatProperties properties;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    SystemStatusController(
            ObjectProvider<BuildProperties> build,
            DataSource dataSource,
            ObjectProvider<Flyway> flyway,
            PatientChannels channels,
            CareChatProperties properties,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.build = build;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.channels = channels;
        this.properties = properties;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** @param schema the version of the newest migration applied */
    @io.swagger.v3.oas.annotations.media.Schema(name = "DatabaseStatus")
    record Database(String storage, String product, String version, String schema, boolean cluster) {}

    @io.swagger.v3.oas.annotations.media.Schema(name = "SystemStatus")
    record Status(String version, String java, Database database, List<ChannelStatus> channels) {}

    @GetMapping("/api/v1/admin/system")
    @Operation(
            summary = "Version, database, and the SMTP server's and SMS centre's state with their last error "
                    + "(admins)")
    Status status(@AuthenticationPrincipal CurrentUser actor) {
        roles.requireAdmin(actor, AuditType.CONSOLE_VIEWED, "Only an organisation admin can see the system status");
        BuildProperties info = build.getIfAvailable();
        Status status = new Status(
                info == null ? "development build" : info.getVersion(),
                Runtime.version().toString(),
                database(),
                channels.status());
        transactions.run(
                () -> audit.record(actor.audit(AuditType.CONSOLE_VIEWED).detail("page", "system")));
        return status;
    }

    private Database database() {
        String storage = properties.storage().name().toLowerCase(java.util.Locale.ROOT);
        Flyway migrations = flyway.getIfAvailable();
        String schema = migrations == null || migrations.info().current() == null
                ? null
                : migrations.info().current().getVersion().getVersion();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return new Database(
                    storage,
                    meta.getDatabaseProductName(),
                    meta.getDatabaseProductVersion(),
                    schema,
                    properties.cluster().enabled());
        } catch (SQLException e) {
            return new Database(storage, "unreachable: " + SafeLog.describe(e), null, schema, false);
        }
    }
}
