package org.carechat.fhir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import org.carechat.crypto.SecretBox;
import org.carechat.storage.Ids;
import org.springframework.stereotype.Component;

/**
 * The key CareChat signs its SMART Backend Services client assertions with: one ES384 key (P-384) per organisation,
 * made by CareChat so the private half never leaves the server. At rest the private JWK is sealed under the secrets key
 * with the organisation as associated data; the public half is published as the organisation's JWKS for the EHR.
 */
@Component
class SigningKeys {

    static final String PURPOSE = "fhir-signing-key";

    private final SecretBox secrets;
    private final Ids ids;

    SigningKeys(SecretBox secrets, Ids ids) {
        this.secrets = secrets;
        this.ids = ids;
    }

    /** A new key: the sealed private JWK and the public JWK, both as text to store. */
    record NewKey(String sealed, String publicJwk) {}

    NewKey create(String orgId) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_384)
                    .keyID(ids.next())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES384)
                    .generate();
            String sealed = secrets.seal(PURPOSE, orgId, key.toJSONString().getBytes(StandardCharsets.UTF_8));
            return new NewKey(sealed, key.toPublicJWK().toJSONString());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an ES384 signing key", e);
        }
    }

    ECKey open(String orgId, String sealed) {
        try {
            return ECKey.parse(new String(secrets.open(PURPOSE, orgId, sealed), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("the sealed signing key is not a JWK", e);
        }
    }

    /** The public JWKS (one key) to register at the EHR or serve at the organisation's JWKS address. */
    static Map<String, Object> jwks(String publicJwk) {
        try {
            return new JWKSet(ECKey.parse(publicJwk)).toJSONObject(true);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored public key is not a JWK", e);
        }
    }
}
