package dev.kinora.testkit;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.http.Method;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("service")
class LocalStackProcessTest {

    /** Above Kafka's 1 MiB defaults on every side, below the stack's 16 MiB topic limit. */
    private static final int LARGE_RECORD = 6 * 1024 * 1024;
    private static final String DENOISE_TOPIC = "kinora.denoise";

    private static LocalStackProcess stack;

    @BeforeAll
    static void startStack() {
        long started = System.nanoTime();
        stack = LocalStackProcess.start();
        System.out.printf("local stack ready in %d ms at %s / %s%n",
                (System.nanoTime() - started) / 1_000_000, stack.bootstrapServers(), stack.s3Endpoint());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
            assertFalse(stack.isAlive(), "local-stack still running after close()");
            assertFalse(Files.exists(stack.dataDir()), "data directory left behind");
        }
    }

    @Test
    void carriesASixMebibyteRecordThroughTheDenoiseTopic() throws Exception {
        byte[] payload = randomBytes(LARGE_RECORD, 7);
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.ACKS_CONFIG, "all");
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>(DENOISE_TOPIC, "job-1", payload)).get(60, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DENOISE_TOPIC));
            ConsumerRecord<String, byte[]> received = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    received = record;
                }
            }
            assertNotNull(received, "no record came back from " + DENOISE_TOPIC);
            assertEquals("job-1", received.key());
            assertEquals(written.partition(), received.partition());
            assertArrayEquals(payload, received.value());
        }
    }

    @Test
    void storesAndServesObjectsThroughTheMinioClient() throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.accessKey(), stack.secretKey())
                .build();
        String bucket = "kinora-videos";
        String key = "jobs/job-1/video.mp4";
        byte[] content = randomBytes(3 * 1024 * 1024 + 17, 11);

        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1)
                .contentType("video/mp4")
                .userMetadata(Map.of("job-id", "job-1"))
                .build());

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        assertEquals(content.length, stat.size());
        assertEquals("video/mp4", stat.contentType());
        assertEquals("job-1", stat.userMetadata().get("job-id"));

        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            assertArrayEquals(content, in.readAllBytes());
        }

        String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key).expiry(600).build());
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode(), () -> new String(download.body()));
        assertArrayEquals(content, download.body());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
