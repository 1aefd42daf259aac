package org.carechat.admin;

import java.util.List;
import org.carechat.audit.AuditRecord;

/** Audit rows as RFC 4180 CSV, with cells that a spreadsheet would run as formulas neutralised. */
final class AuditCsv {

    static final String HEADER = "id,org_id,occurred_at,type,outcome,actor_id,ip,target_type,target_id,"
            + "conversation_id,patient_id,details";

    private AuditCsv() {}

    static String write(List<AuditRecord> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (AuditRecord r : rows) {
            out.append(String.join(
                            ",",
                            cell(r.id()),
                            cell(r.orgId()),
                            Long.toString(r.occurredAt()),
                            cell(r.type()),
                            cell(r.outcome()),
                            cell(r.actorId()),
                            cell(r.ip()),
                            cell(r.targetType()),
                            cell(r.targetId()),
                            cell(r.conversationId()),
                            cell(r.patientId()),
                            cell(r.details())))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v; // CSV injection: keep spreadsheets from evaluating the cell
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
