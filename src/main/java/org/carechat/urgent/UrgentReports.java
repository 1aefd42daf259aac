package org.carechat.urgent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.team.CareTeam;
import org.carechat.team.CareTeamService;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/** The admin report of urgent messages (docs/urgent.md §Report): time to acknowledge and escalations per care team. */
@Component
class UrgentReports {

    static final int MAX_REPORT_DAYS = 366;

    private final UrgentRepository repository;
    private final CareTeamService teams;
    private final RolePolicy roles;
    private final AuditLog audit;

    UrgentReports(UrgentRepository repository, CareTeamService teams, RolePolicy roles, AuditLog audit) {
        this.repository = repository;
        this.teams = teams;
        this.roles = roles;
        this.audit = audit;
    }

    /**
     * The admin report of a date range: per care team, urgent alerts, time to acknowledge (median, 90th percentile)
     * and escalations. Audited ({@code URGENT_REPORT_VIEWED}).
     *
     * @throws ApiProblem 403 for a non-admin; 400 when the range is empty, reversed or longer than
     *                    {@link #MAX_REPORT_DAYS} days
     */
    UrgentReport report(CurrentUser actor, long from, long to) {
        roles.requireAdmin(actor, AuditType.URGENT_REPORT_VIEWED, "Only an organisation admin can see this report");
        if (to <= from || to - from > Duration.ofDays(MAX_REPORT_DAYS).toMillis()) {
            throw ApiProblem.badRequest("'to' must be after 'from', at most " + MAX_REPORT_DAYS + " days later");
        }
        List<UrgentRepository.ReportRow> rows = repository.reportRows(actor.orgId(), from, to);
        List<UrgentReport.Row> out = new ArrayList<>();
        Set<String> inATeam = new HashSet<>();
        for (CareTeam team : teams.list(actor)) {
            Set<String> members = new HashSet<>(team.memberIds());
            inATeam.addAll(members);
            out.add(row(
                    team.id(),
                    team.name(),
                    rows.stream().filter(r -> members.contains(r.recipientId())).toList()));
        }
        List<UrgentRepository.ReportRow> teamless =
                rows.stream().filter(r -> !inATeam.contains(r.recipientId())).toList();
        if (!teamless.isEmpty()) {
            out.add(row(null, null, teamless));
        }
        audit.record(actor.audit(AuditType.URGENT_REPORT_VIEWED)
                .target("organisation", actor.orgId())
                .detail("from", from)
                .detail("to", to));
        return new UrgentReport(from, to, out);
    }

    private static UrgentReport.Row row(String teamId, String teamName, List<UrgentRepository.ReportRow> rows) {
        long[] seconds = rows.stream()
                .filter(r -> r.acknowledgedAt() != null)
                .mapToLong(r -> (r.acknowledgedAt() - r.createdAt()) / 1000)
                .sorted()
                .toArray();
        int escalations =
                (int) rows.stream().filter(r -> r.escalatedAt() != null).count();
        return new UrgentReport.Row(
                teamId, teamName, rows.size(), seconds.length, median(seconds), nearestRank(seconds, 0.9), escalations);
    }

    /** The middle value (the mean of the two middle ones for an even count); null for none. */
    static Long median(long[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The smallest value with at least {@code fraction} of the values at or below it; null for none. */
    static Long nearestRank(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
