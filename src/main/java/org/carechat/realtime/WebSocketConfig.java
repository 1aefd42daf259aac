package org.carechat.realtime;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.TokenService;
import org.carechat.system.CareChatProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Registers {@code /api/v1/ws}: authenticated at the upgrade (session cookie or bearer token, by the same filter
 * as every API call), browser origins limited to CareChat's own, no compression (permessage-deflate leaks
 * secrets through sizes and is refused), inbound frames capped.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnWebApplication
class WebSocketConfig implements WebSocketConfigurer {

    /** Most inbound frames (acks, reads, typing, short sends) fit; a longer one is put together from parts. */
    static final int READ_BUFFER_CHARS = 512;

    /** CareChat's frames are text: a binary frame is refused (1003) at its first part, so its buffer can be tiny. */
    static final int BINARY_BUFFER_BYTES = 128;

    private final ChatSocketHandler handler;
    private final CareChatProperties properties;

    WebSocketConfig(ChatSocketHandler handler, CareChatProperties properties) {
        this.handler = handler;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        List<String> origins = new ArrayList<>(properties.realtime().allowedOrigins());
        origins.add(properties.publicUrl());
        registry.addHandler(handler, "/api/v1/ws")
                .setHandshakeHandler(new NoCompressionHandshakeHandler())
                .addInterceptors(new WellFormedOrigin(), new AuthenticatedUpgrade())
                .setAllowedOrigins(origins.toArray(String[]::new));
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // Tomcat gives every socket a text and a binary buffer of these sizes up front (two bytes a character): at
        // 64 KiB that was 200 KB per idle socket. Frames bigger than the buffer arrive in parts and are put together
        // up to carechat.realtime.max-frame-bytes (ChatSocketHandler).
        container.setMaxTextMessageBufferSize(READ_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        return container;
    }

    /**
     * Refuses an upgrade whose {@code Origin} is not a well-formed {@code http(s)://host[:port]} (403), before the
     * allow-list compares it: a browser never sends such a thing, and the allow-list's parser would fail on it with
     * a server error. No {@code Origin} at all is a device or script, not a browser, and goes on.
     */
    static final class WellFormedOrigin implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler wsHandler,
                Map<String, Object> attributes) {
            List<String> origins = request.getHeaders().getOrEmpty("Origin");
            if (origins.isEmpty()) {
                return true;
            }
            if (origins.size() == 1 && wellFormed(origins.getFirst())) {
                return true;
            }
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }

        static boolean wellFormed(String origin) {
            try {
                java.net.URI uri = new java.net.URI(origin);
                return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null
                        && uri.getRawUserInfo() == null
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null
                        && uri.getRawFragment() == null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }

        @Override
        public void afterHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler wsHandler,
                Exception exception) {}
    }

    /** Copies the caller authenticated by the security filter into the socket; refuses anonymous upgrades. */
    static final class AuthenticatedUpgrade implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler wsHandler,
                Map<String, Object> attributes) {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !(auth.getPrincipal() instanceof CurrentUser user)) {
                response.setStatusCode(HttpStatus.UNAUTHORIZED);
                return false;
            }
            attributes.put(ChatSocketHandler.USER_ATTRIBUTE, user);
            TokenService.Authenticated authenticated = (TokenService.Authenticated) auth.getCredentials();
            attributes.put(ChatSocketHandler.EXPIRES_ATTRIBUTE, authenticated.expiresAt());
            attributes.put(ChatSocketHandler.USE_TO_RECORD_ATTRIBUTE, authenticated.useToRecord());
            return true;
        }

        @Override
        public void afterHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler wsHandler,
                Exception exception) {}
    }

    /**
     * Refuses every extension, permessage-deflate above all (compression leaks secrets through sizes). Returning no
     * extensions from {@link #filterRequestedExtensions} is not enough: Tomcat reads an empty choice as "negotiate
     * what the client offered". So Tomcat's upgrade is handed a request without {@code Sec-WebSocket-Extensions}: nothing
     * is offered, nothing is agreed, and a frame with RSV1 set is then a protocol error (1002).
     */
    static final class NoCompressionHandshakeHandler extends DefaultHandshakeHandler {

        NoCompressionHandshakeHandler() {
            super(new WithoutExtensionsUpgrade());
        }

        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(
                ServerHttpRequest request, List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
            return List.of();
        }
    }

    /**
     * Tomcat's upgrade, handed the request as if the client had offered no extension and had sent no header but those
     * the handshake itself asks for ({@link HandshakeOnly}).
     */
    static final class WithoutExtensionsUpgrade extends StandardWebSocketUpgradeStrategy {

        @Override
        public void upgrade(
                ServerHttpRequest request,
                ServerHttpResponse response,
                String selectedProtocol,
                List<WebSocketExtension> selectedExtensions,
                Principal user,
                WebSocketHandler wsHandler,
                Map<String, Object> attributes)
                throws HandshakeFailureException {
            ServerHttpRequest handshakeOnly = request instanceof ServletServerHttpRequest servlet
                    ? new ServletServerHttpRequest(new HandshakeOnly(servlet.getServletRequest()))
                    : request;
            super.upgrade(handshakeOnly, response, selectedProtocol, List.of(), user, wsHandler, attributes);
        }
    }

    /**
     * The upgrade request as the WebSocket's session should see it: no {@code Sec-WebSocket-Extensions} (nothing is
     * offered, so nothing is agreed), and no header names listed. Tomcat's handshake asks for the headers it checks by
     * name and still gets them; but Tomcat's handshake request and Spring's session each copy every header the request
     * lists and keep the copies as long as the socket lives — 3.3 KB an idle socket with a device's seven headers,
     * more with a browser's, the session's credentials among them (issue #20; docs/performance.md, "Connections").
     * Nothing in CareChat reads a socket's handshake headers: the caller is authenticated before the upgrade and kept
     * in the session's attributes.
     */
    static final class HandshakeOnly extends HttpServletRequestWrapper {

        private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        HandshakeOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.emptyEnumeration();
        }
    }
}
