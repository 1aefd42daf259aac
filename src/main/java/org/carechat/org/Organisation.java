package org.carechat.org;

/** A tenant: a practice or hospital. No data ever crosses from one organisation to another. */
public record Organisation(String id, String name, long createdAt) {}
