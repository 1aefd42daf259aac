package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void cellsThatASpreadsheetWouldEvaluateAreNeutralisedAndSpecialCharactersQuoted() {
        assertThat(AuditCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.cell("@cmd")).isEqualTo("'@cmd");
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("{\"seq\":3}")).isEqualTo("\"{\"\"seq\"\":3}\"");
        assertThat(AuditCsv.cell(null)).isEmpty();
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
    }
}
