package dev.kinora.evaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Test helper: writes RGB frames as a real H.264 / yuv420p MP4, as Kinora's decoder-service does. */
final class Mp4Encoder {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // keep test output readable
    }

    private Mp4Encoder() {}

    static Path write(Path file, List<byte[]> rgbFrames, int width, int height, int fps) {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps);
            recorder.setVideoOption("crf", "23");
            recorder.setVideoOption("preset", "veryfast");
            recorder.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (byte[] rgb : rgbFrames) {
                for (int y = 0; y < height; y++) {
                    buf.position(y * frame.imageStride);
                    buf.put(rgb, y * width * 3, width * 3);
                }
                buf.rewind();
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("MP4 encoding failed", e);
        }
    }
}
