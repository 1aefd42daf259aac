package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.AccountAdministration;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.notification.NoticeHistory;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.carechat.timeline.MessageCounts;
import org.carechat.timeline.Timeline;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Organisation-wide figures for the console's reports: every conversation of the organisation, not the caller's. */
@RestController
@Tag(name = "Admin console")
class FiguresController {

    private final ConversationService conversations;
    private final Timeline timeline;
    private final PatientService patients;
    private final AccountAdministration accounts;
    private final NoticeHistory notices;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    FiguresController(
            ConversationService conversations,
            Timeline timeline,
            PatientService patients,
            AccountAdministration accounts,
            NoticeHistory notices,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.conversations = conversations;
        this.timeline = timeline;
        this.patients = patients;
        this.accounts = accounts;
        this.notices = notices;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * @param messages           visible text messages in all the organisation's conversations
     * @param unread             of those, unread by a member they were sent to, summed over members
     * @param registeredPatients patients who made their account
     * @param noticesSent        notices of unread messages patients were sent, all time
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "OrganisationFigures")
    record Figures(
            long conversations, long messages, long unread, long patients, long registeredPatients, long noticesSent) {}

    @GetMapping("/api/v1/admin/figures")
    @Operation(
            summary = "The organisation's figures (admins): conversations, messages, unread, patients, registered "
                    + "patients, notices sent")
    Figures figures(@AuthenticationPrincipal CurrentUser actor) {
        roles.requireAdmin(actor, AuditType.CONSOLE_VIEWED, "Only an organisation admin can see these figures");
        String org = actor.orgId();
        MessageCounts messages = timeline.organisationCounts(org);
        Figures figures = new Figures(
                conversations.count(org),
                messages.total(),
                messages.unread(),
                patients.count(org),
                accounts.registeredPatients(org),
                notices.sent(org));
        transactions.run(
                () -> audit.record(actor.audit(AuditType.CONSOLE_VIEWED).detail("page", "figures")));
        return figures;
    }
}
