package org.carechat.contact;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.carechat.crypto.ConversationCipher;
import org.carechat.crypto.Fingerprints;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What identifies the person behind a request, sealed with the request thread's data key (so destroying the thread's
 * keys destroys it too) and bound to the request's row, and the keyed fingerprints it is found by: the E.164 number,
 * and each word of the given name (lower case, without accents).
 */
@Component
class ContactSealing {

    private final ConversationCipher cipher;
    private final Fingerprints fingerprints;
    private final JsonMapper json;

    ContactSealing(ConversationCipher cipher, Fingerprints fingerprints, JsonMapper json) {
        this.cipher = cipher;
        this.fingerprints = fingerprints;
        this.json = json;
    }

    byte[] sealDetails(String conversationId, String requestId, GivenDetails details) {
        return cipher.sealField(conversationId, "contact.details", requestId, json.writeValueAsString(details));
    }

    /** The details given on the form, or null when the request has none. */
    GivenDetails details(ContactRequest r) {
        if (r.details() == null) {
            return null;
        }
        return json.readValue(
                cipher.openField(r.conversationId(), "contact.details", r.id(), r.details()), GivenDetails.class);
    }

    byte[] sealMobile(String conversationId, String requestId, String e164) {
        return e164 == null ? null : cipher.sealField(conversationId, "contact.mobile", requestId, e164);
    }

    /** The number SMS to this request go to (E.164), or null when there is none. */
    String mobile(ContactRequest r) {
        return r.mobile() == null ? null : cipher.openField(r.conversationId(), "contact.mobile", r.id(), r.mobile());
    }

    /** The fingerprint a number is found by in its organisation, or null for none. */
    String mobileIndex(String orgId, String e164) {
        return e164 == null ? null : fingerprints.of("contact-mobile", orgId, e164);
    }

    /** The fingerprints of the words of a name (or a search), each looked up whole. */
    List<String> nameTerms(String orgId, String name) {
        List<String> terms = new ArrayList<>();
        for (String word : words(name)) {
            terms.add(fingerprints.of("contact-name", orgId, word));
        }
        return terms;
    }

    static Set<String> words(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        Set<String> words = new LinkedHashSet<>();
        for (String word : plain.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
