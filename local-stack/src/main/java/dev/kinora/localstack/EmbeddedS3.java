package dev.kinora.localstack;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;

import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;

/** S3Proxy over a plain directory, signing with AWS V2 or V4 like MinIO and AWS clients expect. */
final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    static EmbeddedS3 start(LocalStackOptions options) throws Exception {
        Files.createDirectories(options.s3Dir());
        Properties storeProperties = new Properties();
        storeProperties.setProperty("jclouds.filesystem.basedir", options.s3Dir().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", storeProperties))
                .endpoint(URI.create(options.s3Endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, options.s3AccessKey(), options.s3SecretKey())
                .build();
        proxy.start();
        return new EmbeddedS3(proxy);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
