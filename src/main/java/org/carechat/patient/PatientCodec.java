package org.carechat.patient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.carechat.crypto.IdentifyingData;
import org.carechat.system.EmailAddresses;
import org.carechat.system.MobileNumbers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient record as stored: its identifying fields sealed together under the organisation's data key (bound to the
 * organisation and the record's id), the blind index of its patient id, and the blind-index entries of its other
 * terms ({@link IndexTerms}). Used by the repository and by the migration that sealed the records stored before.
 */
final class PatientCodec {

    static final String FIELD = "patient";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdentifyingData data;
    private final MobileNumbers numbers;

    /** The sealed part: everything that identifies the patient. */
    private record Details(
            String mrn, String givenName, String familyName, String birthDate, String mobile, String email) {
        @Override
        public String toString() {
            return "Details[***]";
        }
    }

    /** What is stored for one record. */
    record Sealed(String id, String orgId, byte[] mrnDigest, byte[] details, long createdAt, List<byte[]> index) {}

    PatientCodec(IdentifyingData data, MobileNumbers numbers) {
        this.data = data;
        this.numbers = numbers;
    }

    Sealed seal(Patient p) {
        Details details = new Details(p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.mobile(), p.email());
        byte[] sealed = data.seal(p.orgId(), FIELD, p.id(), JSON.writeValueAsString(details));
        List<byte[]> index = digests(p.orgId(), IndexTerms.of(p, mobileOf(p), emailOf(p)));
        return new Sealed(p.id(), p.orgId(), mrnDigest(p.orgId(), p.mrn()), sealed, p.createdAt(), index);
    }

    /** @throws IllegalStateException when the stored value was altered or moved from another record */
    Patient open(String id, String orgId, byte[] sealed, long createdAt) {
        Details d = JSON.readValue(data.open(orgId, FIELD, id, sealed), Details.class);
        return new Patient(
                id, orgId, d.mrn(), d.givenName(), d.familyName(), d.birthDate(), d.mobile(), d.email(), createdAt);
    }

    /** The entry of the patient id exactly as written: unique within the organisation. */
    byte[] mrnDigest(String orgId, String mrn) {
        return data.blindIndex(orgId, IndexTerms.exactMrn(mrn));
    }

    List<byte[]> digests(String orgId, Collection<String> terms) {
        List<byte[]> digests = new ArrayList<>(terms.size());
        terms.forEach(term -> digests.add(data.blindIndex(orgId, term)));
        return digests;
    }

    /** The record's mobile as indexed and sent to: E.164, or null. */
    String mobileOf(Patient p) {
        return numbers.normalise(p.mobile());
    }

    /** The record's e-mail address as indexed and sent to: lower case, or null. */
    static String emailOf(Patient p) {
        return EmailAddresses.normalise(p.email());
    }
}
