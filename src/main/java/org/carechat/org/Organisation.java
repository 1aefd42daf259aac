package org.carechat.org;

/**
 * A tenant: a practice or hospital. No data ever crosses from one organisation to another.
 *
 * @param requireSecondFactor staff must sign in with a second factor (TOTP); those without one set it up first
 */
public record Organisation(String id, String name, long createdAt, boolean requireSecondFactor) {}
