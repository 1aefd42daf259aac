package org.carechat.patient;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.carechat.system.EmailAddresses;
import org.carechat.system.MobileNumbers;

/**
 * A staff search for patients ({@code q}, 3 to 100 characters) as blind-index lookups, and the check each decrypted
 * candidate must pass (an index entry can be shared by a longer word, a longer patient id, or by chance).
 *
 * <p>A record is found when every word of the query starts a word of its name (words shorter than 3 characters must
 * equal one, when the query has no longer word to look up), or the query starts its patient id, or the query is its
 * mobile number or e-mail address.
 */
final class PatientQuery {

    private final List<String> words;
    private final boolean anyLongWord;
    private final String mrn;
    private final String mobile;
    private final String email;

    PatientQuery(String q, MobileNumbers numbers) {
        this.words = IndexTerms.words(q);
        this.anyLongWord = words.stream().anyMatch(w -> w.length() >= IndexTerms.MIN_PREFIX);
        this.mrn = IndexTerms.normalisedMrn(q);
        this.mobile = MobileNumbers.looksLikeNumber(q) ? numbers.normalise(q) : null;
        this.email = q.contains("@") ? EmailAddresses.normalise(q) : null;
    }

    /** Terms a record must have every one of: the query's words, looked up as name words. */
    Set<String> allOf() {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : words) {
            if (!anyLongWord || word.length() >= IndexTerms.MIN_PREFIX) {
                terms.add(IndexTerms.nameLookup(word));
            }
        }
        return terms;
    }

    /** Terms any one of which finds a record: the start of the patient id (or all of it), the contact. */
    Set<String> anyOf() {
        Set<String> terms = new LinkedHashSet<>();
        terms.add(IndexTerms.mrn(mrn));
        if (mobile != null) {
            terms.add(IndexTerms.mobile(mobile));
        }
        if (email != null) {
            terms.add(IndexTerms.email(email));
        }
        return terms;
    }

    /**
     * Whether a decrypted candidate really matches; its contacts are normalised as they were indexed, and only when the
     * query is a contact (libphonenumber takes tens of microseconds a number, and a search may check thousands).
     */
    boolean matches(Patient p, PatientCodec codec) {
        return IndexTerms.normalisedMrn(p.mrn()).startsWith(mrn)
                || mobile != null && mobile.equals(codec.mobileOf(p))
                || email != null && email.equals(PatientCodec.emailOf(p))
                || !words.isEmpty() && nameMatches(IndexTerms.words(p.givenName() + " " + p.familyName()));
    }

    private boolean nameMatches(List<String> nameWords) {
        for (String word : words) {
            boolean found =
                    anyLongWord ? nameWords.stream().anyMatch(n -> n.startsWith(word)) : nameWords.contains(word);
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
