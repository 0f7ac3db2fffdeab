package dev.kinora.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.cli.stack.Component;
import dev.kinora.cli.stack.ManagedProcess;
import dev.kinora.cli.stack.Stack;
import dev.kinora.cli.stack.StackLayout;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.testkit.FreePorts;
import dev.kinora.testkit.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a running pipeline, each with its own batch of jobs: a denoiser replica
 * killed mid-job, the broker restarted, the S3 server down for 20 s, a replica stopped with
 * SIGTERM, a replica joining mid-run. Every job must end exactly once, and here, since nothing is
 * wrong with the jobs themselves, complete. Kafka and S3 run as separate processes so that each
 * can be stopped alone; two denoiser replicas share the work.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("service")
class FaultInjectionTest {

    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(8);
    /**
     * The largest job the bundle serves (96x64, 33 frames, its step limit): a fault must land while
     * jobs are still denoising, and on a fast machine a default-size job is over before the test can
     * react. Each replica batches up to four jobs, so a batch of {@link #OUTAGE_JOBS} also leaves
     * jobs queued behind the first ones to finish.
     */
    private static final int JOB_STEPS = 100;
    private static final String JOB_SIZE = "\"width\":96,\"height\":64,\"frames\":33,\"steps\":" + JOB_STEPS;
    private static final int OUTAGE_JOBS = 8;
    /** How long after the first completion the rest of a batch is counted as done too. */
    private static final Duration SAME_MOMENT = Duration.ofMillis(200);
    private static final Pattern CHECKPOINTS = Pattern.compile("(?m)^kinora_denoise_checkpoints_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private static final String DENOISER_GROUP = "kinora-denoiser";
    private static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RESUMED = Pattern.compile("(?m)^kinora_denoise_resumed_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private static final Pattern STEPS = Pattern.compile("(?m)^kinora_denoise_steps_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private static final Pattern STOPPED_MOVED =
            Pattern.compile("(?m)^kinora_denoise_handed_back_total\\{[^}]*reason=\"partition-moved\"[^}]*} ([0-9.eE+]+)$");
    private static final Pattern SKIPPED_MOVED = Pattern.compile("(?m)^kinora_denoise_skipped_moved_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    /**
     * Steps a job moved to a joining replica may be run twice: those since its last periodic
     * checkpoint (every 10) plus the few the old owner takes before it hears of the move. Running
     * the moved job on both replicas to the end would repeat most of its 100.
     */
    private static final int REPEATED_STEPS_PER_MOVED_JOB = 40;
    /**
     * A replica takes about 11 s to start on 2 cores, about as long as a batch of four jobs of
     * {@link #JOB_SIZE}: a round's jobs must keep the first replica busy well past the join.
     */
    private static final int JOIN_JOBS = 16;
    private static final int JOIN_ROUNDS = 3;
    private static final Duration MOVE_NOTICED_WITHIN = Duration.ofSeconds(15);

    @TempDir
    static Path state;

    static Stack stack;
    static KafkaTestClient kafka;
    static ManagedProcess secondDenoiser;
    static String secondDenoiserUrl;

    @BeforeAll
    static void start() {
        stack = new Stack(StackLayout.forTests(StackLayout.findRoot(), state), Duration.ofSeconds(300), System.out);
        stack.upWithSeparateServers();
        int port = FreePorts.pick(1).get(0);
        secondDenoiserUrl = "http://" + stack.layout().host() + ":" + port;
        secondDenoiser = stack.startReplica(Component.DENOISER_SERVICE, 2, port);
        kafka = new KafkaTestClient(stack.layout().kafkaBootstrap());
        kafka.awaitGroupAssigned(DENOISER_GROUP, 2, REBALANCE_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void aDenoiserReplicaKilledMidJobLosesNoJob() throws Exception {
        List<String> ids = new ArrayList<>(submit("kill", 6));
        // Jobs spread over the two replicas by key; add jobs until the second one has written a
        // latent checkpoint, which means it is part-way through a job.
        while (counterOn(secondDenoiserUrl, CHECKPOINTS) == 0) {
            assertTrue(ids.size() < 30, "the second denoiser replica never got a job");
            ids.addAll(submit("kill-more-" + ids.size(), 1));
            Thread.sleep(1000);
        }
        double checkpointsBeforeKill = counterOn(secondDenoiserUrl, CHECKPOINTS);
        secondDenoiser.running().orElseThrow().destroyForcibly(); // SIGKILL: no goodbye to the group
        System.out.printf("killed denoiser-service-2 after %.0f checkpoints%n", checkpointsBeforeKill);

        OutcomeTally tally = OutcomeTally.await(kafka, ids, OUTCOME_TIMEOUT);
        double resumed = counterOn(stack.layout().serviceUrl(Component.DENOISER_SERVICE), RESUMED);
        System.out.println(tally.summary("FAULT (a) denoiser replica killed mid-job")
                + String.format(", resumed from a latent checkpoint %.0f", resumed));
        assertExactlyOnceCompleted(tally);
        assertTrue(resumed >= 1, "the surviving replica resumes the killed one's job from its checkpoint");
    }

    @Test
    @Order(2)
    void theBrokerRestartedMidRunLosesNoJob() throws Exception {
        assertExactlyOnceCompleted(outage("kafka", Duration.ofSeconds(5), "FAULT (b) broker restarted mid-run"));
    }

    @Test
    @Order(3)
    void theStoreDownForTwentySecondsLosesNoJob() throws Exception {
        assertExactlyOnceCompleted(outage("s3", Duration.ofSeconds(20), "FAULT (c) S3 down for 20 s"));
    }

    /**
     * Submits a batch, stops {@code server} once the first of it has completed, keeps it down for
     * {@code down}, starts it again on the same data, and tallies the batch's outcomes.
     */
    private static OutcomeTally outage(String server, Duration down, String label) throws Exception {
        List<String> ids = submit(server, OUTAGE_JOBS);
        awaitFirstCompletion(ids);
        stack.localServer(server).stop(Duration.ofSeconds(30));
        System.out.println(server + " stopped");
        Thread.sleep(down.toMillis());
        stack.startLocalServer(server);
        OutcomeTally tally = OutcomeTally.await(kafka, ids, OUTCOME_TIMEOUT);
        System.out.println(tally.summary(label));
        return tally;
    }

    /**
     * SIGTERM to a replica mid-job: it stops taking work, hands its unfinished jobs back (drain
     * bound 1 s here, so that there are some) and exits; they complete elsewhere, once each.
     */
    @Test
    @Order(4)
    void aDenoiserReplicaStoppedWithSigtermHandsItsJobsBack() throws Exception {
        int port = FreePorts.pick(1).get(0);
        String url = "http://" + stack.layout().host() + ":" + port;
        ManagedProcess third = stack.startReplica(Component.DENOISER_SERVICE, 3, port, "-Dkinora.denoiser.drain-timeout=PT1S");
        // Replica 2 was killed in (a) and has long left the group: replica 1 and this one share it.
        // Jobs go in only once the new member holds partitions, so that none is on both replicas.
        kafka.awaitGroupAssigned(DENOISER_GROUP, 2, REBALANCE_TIMEOUT);
        double resumedBefore = counterOn(stack.layout().serviceUrl(Component.DENOISER_SERVICE), RESUMED);
        List<String> ids = new ArrayList<>(submit("sigterm", 6));
        while (counterOn(url, CHECKPOINTS) == 0) {
            assertTrue(ids.size() < 30, "the third denoiser replica never got a job");
            ids.addAll(submit("sigterm-more-" + ids.size(), 1));
            Thread.sleep(1000);
        }
        ProcessHandle process = third.running().orElseThrow();
        long signalled = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean exited = process.onExit().completeOnTimeout(null, 60, java.util.concurrent.TimeUnit.SECONDS).join() != null
                && !process.isAlive();
        long exitMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
        System.out.printf("denoiser-service-3 exited %d ms after SIGTERM%n", exitMillis);
        assertTrue(exited, "the replica exits on SIGTERM without being killed");

        OutcomeTally tally = OutcomeTally.await(kafka, ids, OUTCOME_TIMEOUT);
        double resumed = counterOn(stack.layout().serviceUrl(Component.DENOISER_SERVICE), RESUMED) - resumedBefore;
        System.out.println(tally.summary("FAULT (a') denoiser replica stopped with SIGTERM mid-job")
                + String.format(", resumed from a latent checkpoint %.0f, exit after SIGTERM %d ms", resumed, exitMillis));
        assertExactlyOnceCompleted(tally);
        assertTrue(resumed >= 1, "a handed-back job resumes from the checkpoint written at hand-back");
    }

    /**
     * Scale-up mid-run: a replica joins while the first is denoising a batch. Jobs whose partitions
     * move stop on their old replica (checkpointed) or are skipped there if not yet started, and
     * run once on the new one: all complete exactly once, and the steps run in all exceed the jobs'
     * own by no more than the bound per stopped job. Which partitions move is the assignor's choice;
     * when none of the four running jobs is on one (1 time in 16 if keys spread evenly), another
     * replica joins.
     */
    @Test
    @Order(5)
    void aReplicaJoiningMidRunTakesOverJobsWithoutRepeatingThem() throws Exception {
        String firstUrl = stack.layout().serviceUrl(Component.DENOISER_SERVICE);
        awaitIdle(firstUrl);
        double stepsBefore = counterOn(firstUrl, STEPS);
        List<String> replicas = new ArrayList<>(List.of(firstUrl));
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int round = 0; round < JOIN_ROUNDS && movedOn(replicas) == 0; round++) {
            double checkpointsBefore = counterOn(firstUrl, CHECKPOINTS);
            long roundStarted = System.nanoTime();
            ids.addAll(submit("scale-up-" + round, JOIN_JOBS));
            while (counterOn(firstUrl, CHECKPOINTS) == checkpointsBefore) { // mid-job now
                Thread.sleep(500);
            }
            int port = FreePorts.pick(1).get(0);
            long starting = System.nanoTime();
            stack.startReplica(Component.DENOISER_SERVICE, 4 + round, port);
            System.out.printf("denoiser-service-%d ready %d ms after its start, %d ms after the round's jobs were sent%n",
                    4 + round, Duration.ofNanos(System.nanoTime() - starting).toMillis(),
                    Duration.ofNanos(System.nanoTime() - roundStarted).toMillis());
            replicas.add("http://" + stack.layout().host() + ":" + port);
            kafka.awaitGroupAssigned(DENOISER_GROUP, replicas.size(), REBALANCE_TIMEOUT);
            long deadline = System.nanoTime() + MOVE_NOTICED_WITHIN.toNanos();
            while (movedOn(replicas) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }

        OutcomeTally tally = OutcomeTally.await(kafka, ids, OUTCOME_TIMEOUT);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        double stopped = sumOn(replicas, STOPPED_MOVED);
        double skipped = sumOn(replicas, SKIPPED_MOVED);
        double steps = sumOn(replicas, STEPS) - stepsBefore;
        double repeated = steps - (double) ids.size() * JOB_STEPS;
        System.out.println(tally.summary("FAULT (e) replicas joined mid-run") + String.format(
                ", joined %d, jobs stopped where their partition left %.0f, skipped %.0f, steps %.0f for %d jobs (repeated %.0f), %d s",
                replicas.size() - 1, stopped, skipped, steps, ids.size(), repeated, seconds));
        assertExactlyOnceCompleted(tally);
        assertTrue(stopped + skipped >= 1, "some running jobs' partitions moved to a joining replica");
        assertTrue(repeated <= REPEATED_STEPS_PER_MOVED_JOB * stopped,
                "a moved job is not denoised to the end on both replicas: repeated steps " + repeated);
    }

    private static double movedOn(List<String> replicas) {
        return sumOn(replicas, STOPPED_MOVED) + sumOn(replicas, SKIPPED_MOVED);
    }

    private static double sumOn(List<String> replicas, Pattern counter) {
        return replicas.stream().mapToDouble(url -> counterOn(url, counter)).sum();
    }

    /** Waits until the replica's step counter holds still, so that no earlier job's work is counted. */
    private static void awaitIdle(String serviceUrl) throws InterruptedException {
        double last = -1;
        for (int quiet = 0; quiet < 3; ) {
            double now = counterOn(serviceUrl, STEPS);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            Thread.sleep(1000);
        }
    }

    private static void assertExactlyOnceCompleted(OutcomeTally tally) {
        assertEquals(0, tally.lost(), "lost jobs");
        assertEquals(0, tally.duplicated(), "jobs that ended more than once");
        assertEquals(Map.of(), tally.failedByReason(), "failed jobs");
        assertEquals(tally.submitted(), tally.completed(), "completed jobs");
    }

    /** Waits for the first of these jobs to complete, so that the rest are still on their way. */
    private static void awaitFirstCompletion(List<String> ids) {
        kafka.expect(Topics.VIDEO_COMPLETED, r -> ids.stream().anyMatch(id -> EndToEndTest.hasRequestId(r, id)), 1,
                OUTCOME_TIMEOUT);
        List<?> done = kafka.await(Topics.VIDEO_COMPLETED, r -> ids.stream().anyMatch(id -> EndToEndTest.hasRequestId(r, id)),
                ids.size(), SAME_MOMENT);
        assertTrue(done.size() < ids.size(), "the fault must hit jobs still in flight");
    }

    private static List<String> submit(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "fault-" + prefix + "-" + i;
            String request = "{\"requestId\":\"" + id + "\",\"prompt\":" + EventJson.writeString("a red circle moving right on black")
                    + "," + JOB_SIZE + ",\"seed\":" + (100 + i) + "}";
            kafka.send(Topics.VIDEO_REQUESTS, id, request.getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        return ids;
    }

    /** A counter from a service's Prometheus endpoint; 0 when it is absent or the service is gone. */
    /**
     * The counter's value on a service; 0 while the service has not registered it. A busy service's
     * metrics endpoint may not answer in time: that is asked again (for up to a minute), never read as 0.
     */
    private static double counterOn(String serviceUrl, Pattern counter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                try {
                    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (metrics.statusCode() == 200) {
                        Matcher m = counter.matcher(metrics.body());
                        return m.find() ? Double.parseDouble(m.group(1)) : 0;
                    }
                } catch (java.io.IOException e) {
                    assertTrue(System.nanoTime() < deadline, "no metrics from " + serviceUrl + " for a minute: " + e);
                }
                assertTrue(System.nanoTime() < deadline, "no metrics from " + serviceUrl + " for a minute");
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading metrics", e);
        }
    }
}
