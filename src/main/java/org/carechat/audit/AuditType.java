package org.carechat.audit;

/** What an audit row records. Grouped: sign-in and sessions, administration, clinical data. */
public enum AuditType {
    SIGN_IN,
    SIGN_OUT,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    ORG_CREATED,
    USER_CREATED,
    USER_UPDATED,
    PATIENT_CREATED,
    PATIENTS_IMPORTED,
    PATIENT_VIEWED,
    CONVERSATION_CREATED,
    CONVERSATION_UPDATED,
    CONVERSATION_OPENED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MESSAGE_SENT,
    MESSAGE_DELIVERED,
    MESSAGE_READ,
    MESSAGE_DELETED,
    ACCESS_DENIED,
    AUDIT_SEARCHED,
    AUDIT_EXPORTED,
    AUDIT_VERIFIED,
    KEY_ROTATED
}
