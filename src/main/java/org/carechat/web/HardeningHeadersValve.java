package org.carechat.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@link HardeningHeaders} one level down, in Tomcat's engine: Tomcat renders its own refusals (an invalid escape or
 * an encoded slash in the path) through the engine's valves without ever reaching a servlet filter, so the headers
 * are set here as well, with a request id.
 */
@Component
class HardeningHeadersValve extends ValveBase
        implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    HardeningHeadersValve() {
        super(true);
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addEngineValves(this);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        HardeningHeaders.apply(request.getDecodedRequestURI(), response);
        if (!response.containsHeader("X-Request-Id")) {
            response.setHeader("X-Request-Id", RequestIdFilter.newId()); // the filter replaces it where it runs
        }
        getNext().invoke(request, response);
    }
}
