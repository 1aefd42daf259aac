package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** Forwarded headers are believed from the proxies the operator names, and from none by default. */
class TrustedProxiesTest {

    @Test
    void byDefaultNoProxyIsTrustedAndNoForwardedHeaderIsRead() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new TrustedProxies(List.of()).customize(factory);
        assertThat(factory.getEngineValves()).noneMatch(RemoteIpValve.class::isInstance);
    }

    @Test
    void theNamedProxiesAndOnlyThoseAreTrustedAddressesBecomingSingleAddressRanges() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new TrustedProxies(List.of("127.0.0.1", " ::1", "10.1.2.0/24")).customize(factory);
        RemoteIpValve valve = (RemoteIpValve) factory.getEngineValves().stream()
                .filter(RemoteIpValve.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(valve.getInternalProxies()).contains("127.0.0.1/32", "10.1.2.0/24");
        assertThat(valve.getInternalProxies()).doesNotContain("192.168", "172.16");
        assertThat(valve.getRemoteIpHeader()).isEqualTo("X-Forwarded-For");
        assertThat(valve.getProtocolHeader()).isEqualTo("X-Forwarded-Proto");
    }

    @Test
    void aHostNameOrABadRangeStopsTheStartWithTheExpectedForm() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.org")))
                .hasMessageContaining("IP addresses or CIDR ranges");
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/40"))).hasMessageContaining("10.0.0.0/40");
    }
}
