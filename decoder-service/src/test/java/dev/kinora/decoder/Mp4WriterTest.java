package dev.kinora.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.decoder.vae.DecodedFrames;
import dev.kinora.decoder.video.Mp4Writer;
import dev.kinora.decoder.video.PosterWriter;
import dev.kinora.testkit.VideoProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Encodes synthetic frames and decodes the MP4 again, rather than trusting the file's extension. */
class Mp4WriterTest {

    /** A red square moving right on blue, in the decoder's planar [-1, 1] layout. */
    static DecodedFrames movingSquare(int frames, int height, int width) {
        float[] px = new float[3 * frames * height * width];
        int plane = frames * height * width;
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean square = y >= 24 && y < 40 && x >= 4 + 2 * f && x < 20 + 2 * f;
                    int p = f * height * width + y * width + x;
                    px[p] = square ? 1f : -1f;             // red
                    px[plane + p] = -1f;                   // green
                    px[2 * plane + p] = square ? -1f : 1f; // blue
                }
            }
        }
        return new DecodedFrames(frames, height, width, px);
    }

    @Test
    void writesBrowserPlayableH264WithEveryFrame() {
        byte[] mp4 = new Mp4Writer(18, "veryfast").encode(movingSquare(17, 64, 96), 8);
        VideoProbe.Summary v = VideoProbe.probe(mp4);
        assertEquals("h264", v.codec());
        assertEquals("yuv420p", v.pixelFormat());
        assertEquals(96, v.width());
        assertEquals(64, v.height());
        assertEquals(17, v.frames());
        assertEquals(8.0, v.fps(), 1e-6);
        assertTrue(v.faststart(), "moov atom precedes mdat so browsers start playing at once");
        // The square's centre moves right by 2 px per frame: check it in the decoded pixels.
        double first = v.redCentroidX(0);
        double last = v.redCentroidX(16);
        assertEquals(12 + 0.5 - 0.5, first, 1.5);
        assertEquals(first + 32, last, 1.5);
    }

    @Test
    void posterIsTheMiddleFrameAsPng() throws Exception {
        byte[] png = PosterWriter.png(movingSquare(17, 64, 96));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(96, image.getWidth());
        assertEquals(0xFF0000, image.getRGB(4 + 16 + 2, 30) & 0xFFFFFF, "square at frame 8 is red");
        assertEquals(0x0000FF, image.getRGB(1, 1) & 0xFFFFFF, "background is blue");
    }
}
