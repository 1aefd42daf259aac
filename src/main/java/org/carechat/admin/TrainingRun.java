package org.carechat.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scripted exercise of {@code carechat train}: on a running server with a throwaway database, staff users sign
 * in with a password over REST, list their conversations, open sockets, and then, round after round until the time
 * is up, send to a direct and a group conversation, wait for every answer, acknowledge and mark read, and a third of
 * them reconnect and resume from the seqs they hold (the catch-up of a node restart). That is the code a busy node
 * runs; the JVM records which classes it loaded and how each method ran, for the AOT cache.
 *
 * <p>Nothing here is clinical: the organisation, users and messages are made up and deleted with the database.
 */
final class TrainingRun {

    /** What the run did, to show that it exercised the paths (a server refusing everything would train nothing). */
    record Figures(int clients, int rounds, long sent, long answered, long refused, long received, long resumes) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext server;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    TrainingRun(ConfigurableApplicationContext server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Runs the exercise with {@code clients} devices (in pairs, and in groups of {@code groupSize}: a multiple of both)
     * for about {@code duration}.
     */
    Figures run(int clients, int groupSize, Duration duration) throws IOException, InterruptedException {
        String password = OneTimePassword.generate();
        List<User> users = createUsers(clients, password);
        List<String> directOf = conversations(users, 2, Conversation.Kind.DIRECT);
        List<String> groupOf = conversations(users, groupSize, Conversation.Kind.GROUP);
        List<TrainingClient> devices = new ArrayList<>();
        for (User user : users) {
            String token = signIn(user.username(), password);
            listConversations(token);
            TrainingClient device = new TrainingClient(token);
            device.connect(http, port);
            devices.add(device);
        }
        long deadline = System.nanoTime() + duration.toNanos();
        int rounds = 0;
        long resumes = 0;
        while (System.nanoTime() < deadline) {
            rounds++;
            for (int i = 0; i < devices.size(); i++) {
                devices.get(i).sendMessage(directOf.get(i), "r" + rounds + "-d" + i);
                devices.get(i).sendMessage(groupOf.get(i), "r" + rounds + "-g" + i);
            }
            awaitAnswers(devices);
            devices.forEach(TrainingClient::acknowledge);
            for (int i = rounds % 3; i < devices.size(); i += 3) {
                devices.get(i).close();
                devices.get(i).connect(http, port);
                resumes++;
            }
        }
        devices.forEach(TrainingClient::close);
        return new Figures(
                clients,
                rounds,
                devices.stream().mapToLong(TrainingClient::sent).sum(),
                devices.stream().mapToLong(TrainingClient::answered).sum(),
                devices.stream().mapToLong(TrainingClient::refused).sum(),
                devices.stream().mapToLong(TrainingClient::received).sum(),
                resumes);
    }

    private List<User> createUsers(int clients, String password) {
        Transactions tx = server.getBean(Transactions.class);
        UserService userService = server.getBean(UserService.class);
        Organisation org = tx.write(() -> server.getBean(OrgService.class).create("Training", null, null));
        List<User> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            NewUser user = new NewUser("train" + i, "Training user " + i, Role.CLINICIAN, password, false);
            users.add(tx.write(() -> userService.createByOperator(org.id(), user, false)));
        }
        return users;
    }

    /** For each client, the conversation of its block of {@code size} consecutive users. */
    private List<String> conversations(List<User> users, int size, Conversation.Kind kind) {
        ConversationService conversations = server.getBean(ConversationService.class);
        List<String> of = new ArrayList<>();
        for (int first = 0; first < users.size(); first += size) {
            List<User> block = users.subList(first, first + size);
            User creator = block.getFirst();
            CurrentUser as = new CurrentUser(
                    creator.id(), creator.orgId(), creator.displayName(), creator.role(), false, null, "127.0.0.1");
            List<String> others = block.stream().skip(1).map(User::id).toList();
            String topic = kind == Conversation.Kind.GROUP ? "Training group " + first / size : null;
            Conversation c = conversations.create(
                    as, new NewConversation(kind, Conversation.Audience.STAFF, topic, null, true, others, null));
            block.forEach(u -> of.add(c.id()));
        }
        return of;
    }

    private String signIn(String username, String password) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(
                java.util.Map.of("username", username, "password", password, "deviceName", "training"));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("training sign-in answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("token").asString();
    }

    private void listConversations(String token) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(uri("/api/v1/conversations"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("training conversation list answered " + response.statusCode());
        }
    }

    /** Waits until every send of the round is answered (an answer, not necessarily a success), 10 s at most. */
    private static void awaitAnswers(List<TrainingClient> devices) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (devices.stream().anyMatch(d -> d.answered() < d.sent()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
