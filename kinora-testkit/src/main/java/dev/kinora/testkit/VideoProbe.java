package dev.kinora.testkit;

import dev.kinora.evaluator.VideoFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Decodes an MP4 and reports what it really holds: codec, pixel format, size, frame rate, the
 * box order, and every frame (through the evaluator's {@link VideoFrames}, RGB24).
 */
public final class VideoProbe {

    private VideoProbe() {}

    /** What the decoder found. */
    public record Summary(String codec, String pixelFormat, int width, int height, int frames, double fps,
            boolean faststart, VideoFrames video) {

        /** Mean x of the pixels that are clearly red in frame {@code f}, or NaN when none are. */
        public double redCentroidX(int f) {
            byte[] px = video.frame(f);
            double sum = 0;
            int n = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = (y * width + x) * 3;
                    int r = px[p] & 0xFF;
                    int g = px[p + 1] & 0xFF;
                    int b = px[p + 2] & 0xFF;
                    if (r > 160 && g < 96 && b < 96) {
                        sum += x;
                        n++;
                    }
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    public static Summary probe(byte[] mp4) {
        Path file = null;
        try {
            file = Files.createTempFile("kinora-probe-", ".mp4");
            Files.write(file, mp4);
            VideoFrames video = VideoFrames.read(file);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.start();
                String codec = grabber.getVideoCodecName();
                int pixFmt = streamPixelFormat(grabber.getFormatContext());
                grabber.stop();
                String pixelFormat = pixFmt == avutil.AV_PIX_FMT_YUV420P ? "yuv420p" : "pix_fmt#" + pixFmt;
                return new Summary(codec, pixelFormat, video.width(), video.height(), video.frameCount(), video.fps(),
                        faststart(mp4), video);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** The pixel format stored in the file (the grabber's own getter reports its output format). */
    private static int streamPixelFormat(AVFormatContext context) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return stream.codecpar().format();
            }
        }
        return avutil.AV_PIX_FMT_NONE;
    }

    /** True when the top-level {@code moov} box comes before {@code mdat}, as browsers want. */
    static boolean faststart(byte[] mp4) {
        ByteBuffer b = ByteBuffer.wrap(mp4).order(ByteOrder.BIG_ENDIAN);
        long pos = 0;
        while (pos + 8 <= mp4.length) {
            long size = Integer.toUnsignedLong(b.getInt((int) pos));
            String type = new String(mp4, (int) pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("moov")) {
                return true;
            }
            if (type.equals("mdat")) {
                return false;
            }
            if (size == 1) {
                size = b.getLong((int) pos + 8);
            }
            if (size < 8) {
                return false;
            }
            pos += size;
        }
        return false;
    }
}
