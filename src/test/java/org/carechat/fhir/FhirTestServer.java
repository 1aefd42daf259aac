package org.carechat.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * A real FHIR R4 server in-process: HAPI's {@link RestfulServer} with the given resource providers, in an embedded
 * Tomcat on a random loopback port. It refuses any request without a bearer token (401) and remembers the tokens it
 * was shown, so a test can check what CareChat sent.
 */
public final class FhirTestServer implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    final List<String> bearerTokens = new CopyOnWriteArrayList<>();

    public FhirTestServer(IResourceProvider... providers) {
        try {
            File base = Files.createTempDirectory("fhir-test-server").toFile();
            tomcat.setBaseDir(base.getAbsolutePath());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", base.getAbsolutePath());
            RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
            server.setResourceProviders(providers);
            FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
            paging.setDefaultPageSize(500);
            paging.setMaximumPageSize(1000);
            server.setPagingProvider(paging);
            server.registerInterceptor(new BearerOnly());
            Tomcat.addServlet(context, "fhir", server);
            context.addServletMappingDecoded("/fhir/*", "fhir");
            Tomcat.addServlet(context, "smart-configuration", new SmartConfigurationServlet());
            context.addServletMappingDecoded("/fhir/.well-known/smart-configuration", "smart-configuration");
            tomcat.start();
        } catch (java.io.IOException | LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code json} as the server's {@code .well-known/smart-configuration} (404 until given). */
    public void smartConfiguration(String json) {
        smartConfiguration = json;
    }

    private volatile String smartConfiguration;

    /** SMART discovery, public as at an EHR (no bearer token). */
    final class SmartConfigurationServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
            String json = smartConfiguration;
            if (json == null) {
                response.sendError(404);
                return;
            }
            response.setContentType("application/json");
            response.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/fhir";
    }

    /** Refuses requests without {@code Authorization: Bearer …}, as an EHR's resource server does. */
    final class BearerOnly {
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public boolean check(HttpServletRequest request) {
            String header = request.getHeader("Authorization");
            if (header == null || !header.startsWith("Bearer ") || header.length() < 8) {
                throw new AuthenticationException("a bearer token is required");
            }
            bearerTokens.add(header.substring("Bearer ".length()));
            return true;
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
