package org.carechat.patient;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The terms a patient record is indexed under, before they are keyed (HMAC) into blind-index entries: what search can
 * find a record by, and all the index holds about it (docs/decisions.md, "Identifying data at rest").
 *
 * <ul>
 *   <li>each word of the name of 3 characters or more, by each of its prefixes from 3 to {@value #MAX_PREFIX}
 *       characters ({@code name:blo}, {@code name:blog}, …); a shorter word whole ({@code word:li});
 *   <li>the patient id by each of its prefixes from 3 characters to the whole id ({@code mrn:mrn}, {@code mrn:mrn-},
 *       …, {@code mrn:mrn-7001}), without case: a search for the start of an id looks up exactly that start;
 *   <li>the mobile number in E.164 form and the e-mail address in lower case, whole.
 * </ul>
 *
 * Names are compared without case or accents, and words are split at anything that is not a letter or a digit
 * ({@code O'Brien-Smith} is {@code obrien} and {@code smith}).
 */
final class IndexTerms {

    static final int MIN_PREFIX = 3;
    static final int MAX_PREFIX = 8;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private IndexTerms() {}

    /** The terms of one record. */
    static Set<String> of(Patient p, String mobileE164, String email) {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : words(p.givenName() + " " + p.familyName())) {
            if (word.length() < MIN_PREFIX) {
                terms.add("word:" + word);
            } else {
                for (int k = MIN_PREFIX; k <= Math.min(word.length(), MAX_PREFIX); k++) {
                    terms.add("name:" + word.substring(0, k));
                }
            }
        }
        String mrn = normalisedMrn(p.mrn());
        for (int k = Math.min(MIN_PREFIX, mrn.length()); k <= mrn.length(); k++) {
            terms.add(mrn(mrn.substring(0, k)));
        }
        if (mobileE164 != null) {
            terms.add(mobile(mobileE164));
        }
        if (email != null) {
            terms.add(email(email));
        }
        return terms;
    }

    /** The term of the start of a patient id (or a whole one), without case. */
    static String mrn(String start) {
        return "mrn:" + normalisedMrn(start);
    }

    /**
     * The term of a patient id exactly as written (case included): its entry is the record's {@code mrn_digest}, unique
     * within the organisation, as the plain patient id was before it was encrypted.
     */
    static String exactMrn(String mrn) {
        return "mrn-exact:" + mrn.strip();
    }

    static String mobile(String e164) {
        return "mobile:" + e164;
    }

    static String email(String normalisedEmail) {
        return "email:" + normalisedEmail;
    }

    /** The term a word of a query looks up: its prefix up to {@value #MAX_PREFIX} characters, or a short word whole. */
    static String nameLookup(String word) {
        return word.length() < MIN_PREFIX
                ? "word:" + word
                : "name:" + word.substring(0, Math.min(word.length(), MAX_PREFIX));
    }

    static String normalisedMrn(String mrn) {
        return mrn.strip().toLowerCase(Locale.ROOT);
    }

    /** The words of a name (or a query), in lower case without accents or apostrophes. */
    static List<String> words(String text) {
        String plain = APOSTROPHES
                .matcher(MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD))
                        .replaceAll(""))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : SEPARATORS.split(plain)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
