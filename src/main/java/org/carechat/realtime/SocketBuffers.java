package org.carechat.realtime;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes the buffers Tomcat gives every connection up front, which is most of what an idle WebSocket costs (issue #20;
 * docs/performance.md, "Connections"). At Tomcat's defaults an idle socket held five 8 KiB buffers of its own — the
 * connection's read and write buffers, the WebSocket's input, output and encoder buffers — besides its text buffer
 * ({@link WebSocketConfig}). Smaller buffers only mean more, smaller reads and writes for the rare large frame or
 * download; a frame bigger than a buffer arrives in parts and is put together (ChatSocketHandler).
 */
@Component
class SocketBuffers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    /**
     * The connection's read and write buffers, for HTTP and WebSocket alike: at 2 KiB each way the largest part of
     * an idle socket's own bytes still. A WebSocket frame part is at most {@link #WEBSOCKET_BUFFER_BYTES} and fits
     * whole; a larger HTTP response is written 2 KiB at a time (a read into a larger buffer skips this one).
     */
    static final int CONNECTION_BUFFER_BYTES = 2048;

    /** Tomcat's WebSocket input, output and encoder buffers (a system property it reads once, at class load). */
    static final int WEBSOCKET_BUFFER_BYTES = 1024;

    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        // Before the server starts, so before Tomcat's WebSocket classes load; an operator's own -D value wins.
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(WEBSOCKET_BUFFER_BYTES));
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(CONNECTION_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(CONNECTION_BUFFER_BYTES));
        });
    }
}
