package org.carechat.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Which reverse proxies may tell CareChat the client's address and scheme ({@code X-Forwarded-For},
 * {@code X-Forwarded-Proto}): exactly those named in {@code carechat.trusted-proxies}, as addresses or CIDR ranges
 * (e.g. {@code 127.0.0.1, ::1} for a proxy on the same host). None by default: then the headers are ignored and every
 * request's address is the connection's own.
 *
 * <p>A forwarded address is believed only as far as the chain of named proxies reaches: from the right of
 * {@code X-Forwarded-For}, entries are skipped while they are named proxies, and the first other entry is the client.
 * Anything a client put further left is never read, so a forged address reaches neither audit rows nor per-address
 * limits. (Tomcat's default would trust every private address, so any client on a hospital network could rotate the
 * header.)
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    private final List<String> ranges;

    TrustedProxies(@Value("${carechat.trusted-proxies:}") List<String> proxies) {
        this.ranges = proxies.stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .map(TrustedProxies::asRange)
                .toList();
    }

    /** The named proxies as CIDR ranges; empty when none is trusted. */
    List<String> ranges() {
        return ranges;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (ranges.isEmpty()) {
            return;
        }
        RemoteIpValve valve = new RemoteIpValve();
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setInternalProxies(String.join(",", ranges));
        valve.setTrustedProxies("");
        factory.addEngineValves(valve);
    }

    /** {@code 10.0.0.5} becomes {@code 10.0.0.5/32}; a range stays as it is. Host names are refused: no DNS here. */
    static String asRange(String proxy) {
        int slash = proxy.indexOf('/');
        String address = slash < 0 ? proxy : proxy.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalStateException(
                    "carechat.trusted-proxies takes IP addresses or CIDR ranges (e.g. 127.0.0.1, ::1, 10.1.2.0/24), "
                            + "not '" + proxy + "'");
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            int bits = parsed.getAddress().length * 8;
            if (slash < 0) {
                return address + "/" + bits;
            }
            int prefix = Integer.parseInt(proxy.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new NumberFormatException();
            }
            return proxy;
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalStateException(
                    "carechat.trusted-proxies: '" + proxy + "' is not an IP address or CIDR range", e);
        }
    }
}
