package org.carechat.urgent;

/**
 * An organisation's escalation rules.
 *
 * @param escalateAfterMinutes an alert not acknowledged this long escalates (default 10)
 * @param repeatEveryMinutes   the apps sound a pending alert again this often (default 2)
 * @param escalationContactId  the staff member it escalates to when the recipient names no forwarding colleague
 */
public record UrgentSettings(int escalateAfterMinutes, int repeatEveryMinutes, String escalationContactId) {

    static final UrgentSettings DEFAULTS = new UrgentSettings(10, 2, null);
}
