package org.carechat.web;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With built-in TLS ({@link TlsSettings}), a second, plain-HTTP connector on {@code carechat.tls.redirect-port}
 * (8080; 0 for none) whose every request, WebSocket upgrades included, is redirected to the HTTPS port: Tomcat's
 * {@code CONFIDENTIAL} constraint answers 302 with the same path on {@code https://}. Nothing is served in plain
 * text, and HSTS (sent on every HTTPS answer) keeps browsers on HTTPS afterwards.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnExpression("'${carechat.tls.certificate:}' != '' and '${carechat.tls.redirect-port:8080}' != '0'")
class HttpsRedirect {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpRedirect(
            @Value("${carechat.tls.redirect-port:8080}") int plainPort, @Value("${server.port}") int tlsPort) {
        return factory -> {
            Connector plain = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            plain.setScheme("http");
            plain.setPort(plainPort);
            plain.setSecure(false);
            plain.setRedirectPort(tlsPort);
            factory.addAdditionalConnectors(plain);
            factory.addContextCustomizers(context -> {
                SecurityConstraint confidential = new SecurityConstraint();
                confidential.setUserConstraint("CONFIDENTIAL");
                SecurityCollection everything = new SecurityCollection();
                everything.addPattern("/*");
                confidential.addCollection(everything);
                context.addConstraint(confidential);
            });
        };
    }
}
