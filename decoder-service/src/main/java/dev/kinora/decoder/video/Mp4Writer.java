package dev.kinora.decoder.video;

import dev.kinora.decoder.vae.DecodedFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes frames as H.264 in MP4 the way browsers play it: yuv420p, the moov atom up front
 * (faststart) so playback starts before the download ends, constant frame rate.
 */
public final class Mp4Writer {

    private final int crf;
    private final String preset;

    public Mp4Writer(int crf, String preset) {
        this.crf = crf;
        this.preset = preset;
    }

    public byte[] encode(DecodedFrames frames, int fps) {
        if (frames.width() % 2 != 0 || frames.height() % 2 != 0) {
            throw new IllegalArgumentException("yuv420p needs even dimensions, got " + frames.width() + "x" + frames.height());
        }
        Path file = null;
        try {
            file = Files.createTempFile("kinora-", ".mp4");
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), frames.width(), frames.height(), 0)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setGopSize(fps);
                recorder.setVideoOption("crf", Integer.toString(crf));
                recorder.setVideoOption("preset", preset);
                recorder.setOption("movflags", "+faststart");
                recorder.start();
                Frame frame = new Frame(frames.width(), frames.height(), Frame.DEPTH_UBYTE, 3);
                for (int f = 0; f < frames.frames(); f++) {
                    fill(frame, frames.rgb(f), frames.width(), frames.height());
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                }
                recorder.stop();
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("MP4 encoding failed", e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static void fill(Frame frame, byte[] rgb, int width, int height) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < height; y++) {
            buf.position(y * stride);
            buf.put(rgb, y * width * 3, width * 3);
        }
        buf.rewind();
    }
}
