package org.carechat.timeline;

/**
 * Text messages of one conversation as one member sees them.
 *
 * @param total  visible (not deleted) text messages
 * @param unread of those, sent by others after the member's read marker
 */
public record MessageCounts(long total, long unread) {}
