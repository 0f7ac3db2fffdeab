package dev.kinora.evaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** A decoded clip: every frame as packed RGB24 rows, top row first. */
public final class VideoFrames {

    static {
        // FFmpeg prints stream banners and per-frame notes to stderr; a report wants only real errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final int width;
    private final int height;
    private final double fps;
    private final List<byte[]> rgb;

    private VideoFrames(int width, int height, double fps, List<byte[]> rgb) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.rgb = List.copyOf(rgb);
    }

    /** Frames already in memory (tests, or callers that decoded elsewhere). */
    public static VideoFrames of(int width, int height, double fps, List<byte[]> rgb) {
        for (byte[] frame : rgb) {
            if (frame.length != width * height * 3) {
                throw new IllegalArgumentException("a " + width + "x" + height + " RGB frame has " + width * height * 3
                        + " bytes, got " + frame.length);
            }
        }
        return new VideoFrames(width, height, fps, rgb);
    }

    /** Decodes every frame of a video file with FFmpeg, converted to RGB24 whatever the stored pixel format. */
    public static VideoFrames read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("no video at " + file));
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            List<byte[]> frames = new ArrayList<>();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                frames.add(packed((ByteBuffer) frame.image[0], frame.imageStride, width, height));
            }
            double fps = grabber.getFrameRate();
            grabber.stop();
            return new VideoFrames(width, height, fps, frames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + file, e);
        }
    }

    // A grabbed frame's rows may be padded to an aligned stride; the evaluator wants them tight.
    private static byte[] packed(ByteBuffer buf, int stride, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            buf.position(y * stride);
            buf.get(out, y * width * 3, width * 3);
        }
        buf.rewind();
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    public int frameCount() {
        return rgb.size();
    }

    public byte[] frame(int index) {
        return rgb.get(index);
    }

    /** Squared RGB distance of one pixel from a color; the hot loop of masking avoids sqrt and records. */
    public double distanceSquared(int frame, int pixelIndex, Rgb color) {
        byte[] f = rgb.get(frame);
        int p = pixelIndex * 3;
        double dr = (f[p] & 0xFF) - color.r();
        double dg = (f[p + 1] & 0xFF) - color.g();
        double db = (f[p + 2] & 0xFF) - color.b();
        return dr * dr + dg * dg + db * db;
    }
}
