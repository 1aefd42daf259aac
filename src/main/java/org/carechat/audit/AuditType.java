package org.carechat.audit;

/** What an audit row records. Grouped: sign-in and sessions, administration, clinical data. */
public enum AuditType {
    SIGN_IN,
    SIGN_OUT,
    ACCOUNT_LOCKED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    SECOND_FACTOR_CHALLENGED,
    SECOND_FACTOR_ENROLLED,
    SECOND_FACTOR_REMOVED,
    ORG_CREATED,
    SETTINGS_CHANGED,
    USER_CREATED,
    USER_UPDATED,
    PATIENT_CREATED,
    PATIENTS_IMPORTED,
    PATIENT_VIEWED,
    PATIENTS_SEARCHED,
    CONVERSATION_CREATED,
    CONVERSATION_UPDATED,
    CONVERSATION_OPENED,
    CONVERSATIONS_LISTED,
    MEMBER_ADDED,
    TEAM_CREATED,
    TEAM_MEMBER_ADDED,
    TEAM_MEMBER_REMOVED,
    MEMBER_REMOVED,
    MESSAGE_SENT,
    MESSAGE_DELIVERED,
    MESSAGE_READ,
    MESSAGE_DELETED,
    ATTACHMENT_UPLOADED,
    ATTACHMENT_OPENED,
    ATTACHMENT_DISCARDED,
    ACCESS_DENIED,
    AUDIT_SEARCHED,
    AUDIT_EXPORTED,
    AUDIT_VERIFIED,
    KEY_ROTATED,
    ONE_TIME_CODE_REQUESTED,
    PATIENT_REGISTERED,
    PATIENT_NOTICE_SENT,
    SMS_DELIVERY_REPORTED,
    AVAILABILITY_CHANGED,
    AVAILABILITY_LAPSED,
    URGENT_RAISED,
    URGENT_ACKNOWLEDGED,
    URGENT_ESCALATED,
    URGENT_NUDGE_SENT,
    URGENT_SETTINGS_CHANGED,
    MESSAGE_FORWARDED,
    URGENT_REPORT_VIEWED,
    CONTACT_REQUEST_CREATED,
    CONTACT_REQUESTS_LISTED,
    CONTACT_REQUEST_OPENED,
    CONTACT_REQUEST_UPDATED,
    CONTACT_STATUS_CHANGED,
    CONTACT_ASSIGNED,
    CONTACT_REPLY_SENT,
    CONTACT_SMS_SENT,
    CONTACT_SMS_RECEIVED,
    CONTACT_SMS_STATE,
    CONTACT_AUTO_ANSWER,
    CONTACT_LINKED,
    CONTACT_CONVERTED,
    /** An admin-only page of the console read (the staff directory, organisation figures, system status). */
    CONSOLE_VIEWED,
    PATIENTS_IMPORT_CHECKED,
    PATIENT_UPDATED,
    PREFERENCES_CHANGED,
    /** A conversation purged by its organisation's retention policy: its keyset destroyed (ids only). */
    CONVERSATION_PURGED,
    /** A day's retention key destroyed from the retention key file, its last conversation purged. */
    RETENTION_KEY_DESTROYED,
    /** A legal hold placed on a conversation, a patient or a user, with its reason. */
    LEGAL_HOLD_PLACED,
    /** A legal hold released, with the reason for the release. */
    LEGAL_HOLD_RELEASED,
    /** A conversation's own retention period set or removed (days, or back to the policy). */
    RETENTION_OVERRIDE_CHANGED,
    /** A patient discharged: their ward conversations closed, to be purged after the grace period. */
    PATIENT_DISCHARGED,
    /** A patient's export made (GDPR Art. 15/20): ids and counts only. */
    PATIENT_EXPORTED,
    /** A patient erased (GDPR Art. 17), or refused under a hold: the conversations shredded, by id. */
    PATIENT_ERASED,
    /** A device (a session or token) marked lost, or every device of a user who left, to be wiped: ended now. */
    DEVICE_WIPE_REQUESTED,
    /** A wiped device came back: it was answered with Clear-Site-Data. */
    DEVICE_WIPED,
    /** An admin checked the EHR connection (a token and the server's capability statement), with the outcome. */
    FHIR_CONNECTION_CHECKED,
    /** A staff member asked to file a conversation to the EHR (as FHIR Communications): the conversation and seq. */
    CONVERSATION_FILING_REQUESTED
}
