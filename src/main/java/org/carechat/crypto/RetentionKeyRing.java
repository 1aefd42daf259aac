package org.carechat.crypto;

import java.util.SortedSet;
import org.springframework.stereotype.Service;

/**
 * The retention keys as the purge job sees them (docs/decisions.md, issue #16): which exist, and destroying a day's key
 * once no conversation keyset is wrapped under it.
 */
@Service
public class RetentionKeyRing {

    private final RetentionKeyFile file;
    private final WrappedKeys keys;

    RetentionKeyRing(RetentionKeyFile file, WrappedKeys keys) {
        this.file = file;
        this.keys = keys;
    }

    /** The buckets that have a retention key: days ({@code 2027-03-14}) and {@link RetentionKeyFile#HOLD}. */
    public SortedSet<String> buckets() {
        return file.buckets();
    }

    /**
     * Destroys the day's retention key when no keyset is wrapped under it any more: from then on no copy of the
     * database, however old, opens the conversations that were under it. Call outside any unit of work and only for a
     * day before today (UTC), under which nothing new is wrapped. The hold key is never destroyed here.
     *
     * @return whether the key was destroyed
     */
    public boolean destroyIfUnused(String bucket) {
        if (RetentionKeyFile.HOLD.equals(bucket) || keys.countInBucket(bucket) > 0) {
            return false;
        }
        return file.destroy(bucket);
    }

    /** Where the retention keys are, for the operator; never key material. */
    public String describe() {
        return file.describe();
    }
}
