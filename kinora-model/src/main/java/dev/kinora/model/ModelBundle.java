package dev.kinora.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model bundle on disk: its manifest plus the files it names. A file is either relative to the
 * bundle folder or {@code classpath:NAME} for graphs shipped inside a Maven artifact (the text
 * encoder). Every file is checked against the manifest's sha256 before a session opens it.
 */
public final class ModelBundle {

    public static final String MANIFEST = "model.json";
    private static final String CLASSPATH = "classpath:";
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path folder;
    private final ModelManifest manifest;
    private final String manifestSha256;

    private ModelBundle(Path folder, ModelManifest manifest, String manifestSha256) {
        this.folder = folder;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
    }

    /** Reads the manifest; fails with a message that names the missing or unreadable path. */
    public static ModelBundle open(Path folder) {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException("model bundle has no " + MANIFEST + " at " + manifestFile.toAbsolutePath()
                    + " (set kinora.model.path to a bundle folder)");
        }
        try {
            byte[] bytes = Files.readAllBytes(manifestFile);
            ModelManifest manifest = JSON.readValue(bytes, ModelManifest.class);
            if (manifest.format() != 1) {
                throw new BundleException("model bundle format " + manifest.format() + " is not supported (expected 1)");
            }
            return new ModelBundle(folder.toAbsolutePath().normalize(), manifest, sha256(bytes));
        } catch (IOException e) {
            throw new BundleException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path folder() {
        return folder;
    }

    /** Identifies exactly which bundle produced a video (recorded in its metadata). */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** Loads a file named by the manifest and checks its sha256. */
    public byte[] load(String file, String expectedSha256) {
        byte[] bytes = read(file);
        String actual = sha256(bytes);
        if (expectedSha256 == null || !expectedSha256.equalsIgnoreCase(actual)) {
            throw new BundleException("model file " + file + " has sha256 " + actual + " but " + MANIFEST
                    + " of bundle '" + manifest.name() + "' expects " + expectedSha256);
        }
        return bytes;
    }

    private byte[] read(String file) {
        if (file.startsWith(CLASSPATH)) {
            String resource = file.substring(CLASSPATH.length());
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new BundleException("model file " + file + " is not on the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = folder.resolve(file).normalize();
        if (!path.startsWith(folder)) {
            throw new BundleException("model file " + file + " points outside the bundle folder");
        }
        if (!Files.isRegularFile(path)) {
            throw new BundleException("model file " + path + " named in " + MANIFEST + " is missing");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BundleException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
