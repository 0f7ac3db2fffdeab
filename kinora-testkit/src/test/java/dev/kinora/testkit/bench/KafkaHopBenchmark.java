package dev.kinora.testkit.bench;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.tensor.Tensor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Kafka hop of a latent payload the way Kinora's stages make it: a safetensors DecodeTask
 * (F16 latents) produced with the services' producer settings (acks=all, idempotent, zstd, one
 * record at a time, waiting for the ack as EventPublisher does), consumed with their fetch
 * settings and decoded. Prints one JSON line. Not a test: run by tools/bench-kafka-hop, which puts
 * Kafka's own producer-perf-test next to it on the same broker.
 * Usage: KafkaHopBenchmark BOOTSTRAP TOPIC PAYLOAD_BYTES RECORDS
 */
public final class KafkaHopBenchmark {

    private KafkaHopBenchmark() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int payloadBytes = Integer.parseInt(args[2]);
        int records = Integer.parseInt(args[3]);
        byte[] payload = latentPayload(payloadBytes);
        List<Double> ackMillis = new ArrayList<>();
        List<Double> hopMillis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap))) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position); // resolve the end now, before sending
            long started = System.nanoTime();
            for (int i = -2; i < records; i++) { // two warm-up records, not counted
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "job-" + i, payload)).get();
                long acked = System.nanoTime();
                DecodeTask received = null;
                while (received == null) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        if (r.key().equals("job-" + i)) {
                            received = DecodeTask.decode(r.value());
                        }
                    }
                }
                long decoded = System.nanoTime();
                if (i == -1) {
                    started = System.nanoTime();
                } else if (i >= 0) {
                    ackMillis.add((acked - sent) / 1e6);
                    hopMillis.add((decoded - sent) / 1e6);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("{\"impl\": \"kinora-hop\", \"bytes\": %d, \"records\": %d, \"mbPerSec\": %.1f, "
                            + "\"ackMsMedian\": %.1f, \"hopMsMedian\": %.1f, \"hopMsP95\": %.1f}%n",
                    payload.length, records, payload.length * (double) records / seconds / (1024 * 1024),
                    percentile(ackMillis, 50), percentile(hopMillis, 50), percentile(hopMillis, 95));
        }
    }

    /** A DecodeTask whose F16 latents make the encoded record about {@code bytes} long. */
    static byte[] latentPayload(int bytes) {
        int values = bytes / 2;
        float[] latents = new float[values];
        Random random = new Random(1);
        for (int i = 0; i < values; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        JobSpec job = JobSpec.builder().jobId("vid_bench").requestId("bench").prompt("a red circle").size(64, 64)
                .frames(17).fps(8).steps(20).guidanceScale(4.0).seed(1L).model("tiny-shapes", "v1", "0")
                .acceptedAt(Instant.now()).build();
        return new DecodeTask(job, Tensor.f16(new long[] {1, 1, 1, 1, values}, latents)).encode();
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** The services' outgoing settings (kinora-platform's microprofile-config.properties). */
    private static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 17825792);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    /** The services' incoming settings. */
    private static Properties consumerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-hop");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 17825792);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 52428800);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
