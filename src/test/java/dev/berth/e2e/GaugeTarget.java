package dev.berth.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/** A scrape target on loopback exposing one gauge, berth_e2e_queue_backlog{queue=...}, set by the tests. */
final class GaugeTarget {

    private static GaugeTarget instance;

    private final HttpServer server;
    private final Map<String, Double> backlog = new ConcurrentHashMap<>();

    private GaugeTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            StringBuilder body = new StringBuilder("# HELP berth_e2e_queue_backlog Messages waiting.\n"
                    + "# TYPE berth_e2e_queue_backlog gauge\n");
            backlog.forEach((queue, value) -> body.append("berth_e2e_queue_backlog{queue=\"").append(queue).append("\"} ")
                    .append(value).append('\n'));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    static synchronized GaugeTarget get() {
        if (instance == null) {
            try {
                instance = new GaugeTarget();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void set(String queue, double value) {
        backlog.put(queue, value);
    }
}
