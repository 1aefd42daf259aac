package org.carechat.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a stream reset received over HTTP/2 costs a connection in Tomcat's overhead protection: {@value #RESET_COST}
 * instead of Tomcat's 50, on every connector that speaks HTTP/2 (the built-in TLS one, {@link TlsSettings}).
 *
 * <p>Why: Tomcat adds the cost to a connection's overhead count for every RST_STREAM it receives and takes 20 off
 * for every request; above zero it closes the connection (GOAWAY, ENHANCE_YOUR_CALM) with every stream on it.
 * Chromium resets the stream of each conditional request answered 304 once it has taken the file from its cache,
 * although the answer is complete. The apps revalidate each of their files on every start (26 in the staff app),
 * so at 50 a connection was closed every one or two starts, and the files in flight then failed in the service
 * worker's fetch ({@code net::ERR_FAILED}): the app did not start (docs/performance.md, docs/decisions.md). At
 * {@value #RESET_COST} a request that ends in a reset still costs a little more than it earns, so a client that
 * only opens and resets streams (HTTP/2 "rapid reset") is closed after about 20 streams on a new connection, while
 * a browser's ordinary requests on the same connection pay for its resets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class Http2ResetCost {

    static final int RESET_COST = 25;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> http2ResetCostCustomizer() {
        return factory -> factory.addConnectorCustomizers(Http2ResetCost::apply);
    }

    static void apply(Connector connector) {
        for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
            if (protocol instanceof Http2Protocol http2) {
                http2.setOverheadResetFactor(RESET_COST);
            }
        }
    }
}
