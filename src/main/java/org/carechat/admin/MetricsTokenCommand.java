package org.carechat.admin;

import java.util.concurrent.Callable;
import org.carechat.system.MetricsScrapeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code metrics-token}: a new read-only scrape token for Prometheus, and the setting that makes it work. */
@Command(
        name = "metrics-token",
        mixinStandardHelpOptions = true,
        description = "Makes a token that can read /actuator/prometheus and nothing else. The server keeps only its "
                + "hash (carechat.metrics.token-hash); give the token to Prometheus.")
final class MetricsTokenCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Override
    public Integer call() {
        String token = MetricsScrapeToken.newToken();
        root.out().println("token (for Prometheus' bearer_token): " + token);
        root.out().println("server setting: --carechat.metrics.token-hash=" + MetricsScrapeToken.hash(token));
        return AdminCli.OK;
    }
}
