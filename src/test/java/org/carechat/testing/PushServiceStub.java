package org.carechat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push service (RFC 8030) running in the test, playing the browser's side too: it makes subscriptions (a P-256
 * key pair and an auth secret per device, as a browser does), and for every push it receives it checks the VAPID
 * authorisation (RFC 8292: an ES256 JWT whose {@code aud} is this service's origin, {@code exp} within 24 hours and
 * {@code sub} a contact, signed by the key in {@code k}) and decrypts the aes128gcm payload (RFC 8291) with the
 * subscription's private key, exactly as a browser would. Anything that does not check out is answered 400 and
 * recorded as a failure, so a test sees it.
 */
public final class PushServiceStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A push as the device decrypted it. */
    public record Received(String subscription, String vapidKey, JsonNode jwtClaims, JsonNode payload, String text) {}

    /** A subscription as the browser hands it to the app: endpoint and keys (base64url). */
    public record Subscription(String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] secret) {
        public Map<String, Object> json() {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth));
        }
    }

    private final HttpServer server;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    public PushServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", this::handle);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscription at this service. */
    public Subscription subscribe() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] secret = new byte[16];
            RANDOM.nextBytes(secret);
            String id = Long.toHexString(RANDOM.nextLong());
            Subscription s = new Subscription(
                    id, origin() + "/push/" + id, b64(raw((ECPublicKey) keys.getPublic())), b64(secret), keys, secret);
            subscriptions.put(id, s);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, pushes to {@code s} are answered 410 Gone (the browser unsubscribed). */
    public void expire(Subscription s) {
        gone.add(s.id());
    }

    public List<Received> received(Subscription s) {
        return received.stream().filter(r -> r.subscription().equals(s.id())).toList();
    }

    public List<String> failures() {
        return failures;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Subscription s = subscriptions.get(id);
            if (s == null || gone.contains(id)) {
                exchange.sendResponseHeaders(s == null ? 404 : 410, -1);
                return;
            }
            try {
                received.add(check(s, exchange, body));
                exchange.sendResponseHeaders(201, -1);
            } catch (GeneralSecurityException | RuntimeException e) {
                failures.add(e.toString());
                exchange.sendResponseHeaders(400, -1);
            }
        }
    }

    private Received check(Subscription s, HttpExchange exchange, byte[] body) throws GeneralSecurityException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new IllegalArgumentException("method " + exchange.getRequestMethod());
        }
        if (!"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            throw new IllegalArgumentException("Content-Encoding is not aes128gcm");
        }
        if (exchange.getRequestHeaders().getFirst("TTL") == null) {
            throw new IllegalArgumentException("no TTL");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new IllegalArgumentException("no vapid authorization");
        }
        Map<String, String> params = new java.util.HashMap<>();
        for (String part : authorization.substring(6).split(",")) {
            String[] kv = part.trim().split("=", 2);
            params.put(kv[0], kv[1]);
        }
        String vapidKey = params.get("k");
        JsonNode claims = verifyJwt(params.get("t"), vapidKey);
        String text = new String(decrypt(s, body), StandardCharsets.UTF_8);
        return new Received(s.id(), vapidKey, claims, JSON.readTree(text), text);
    }

    private JsonNode verifyJwt(String jwt, String vapidKey) throws GeneralSecurityException {
        String[] parts = jwt.split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!"ES256".equals(header.path("alg").asString())) {
            throw new IllegalArgumentException("JWT alg is not ES256");
        }
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(vapidKey)));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new IllegalArgumentException("JWT signature does not verify with k");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (!origin().equals(claims.path("aud").asString())) {
            throw new IllegalArgumentException("JWT aud is not the push service's origin");
        }
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) {
            throw new IllegalArgumentException("JWT exp is not within 24 hours");
        }
        String sub = claims.path("sub").asString();
        if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
            throw new IllegalArgumentException("JWT sub is not a contact");
        }
        return claims;
    }

    /** RFC 8291 section 3.4 and RFC 8188, as the user agent does it. */
    private static byte[] decrypt(Subscription s, byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] asPublic = new byte[in.get() & 0xff];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new IllegalArgumentException("more than one record");
        }
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(s.keys().getPrivate());
        ecdh.doPhase(publicKey(asPublic), true);
        byte[] ecdhSecret = ecdh.generateSecret();
        byte[] uaPublic = raw((ECPublicKey) s.keys().getPublic());
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = hkdf(s.secret(), ecdhSecret, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalArgumentException("the last record's delimiter is missing");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
    }

    private static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new IllegalArgumentException("not an uncompressed P-256 point");
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec params = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        ECPoint point = new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
    }

    private static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
