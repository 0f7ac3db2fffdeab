package dev.kinora.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinora.decoder.vae.DecodedFrames;
import dev.kinora.decoder.video.SpritesheetWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SpritesheetWriterTest {

    /** Frames whose red level encodes their index, so each tile tells which frame it shows. */
    static DecodedFrames numberedFrames(int frames, int height, int width) {
        int plane = frames * height * width;
        float[] pixels = new float[3 * plane];
        for (int f = 0; f < frames; f++) {
            float red = -1f + 2f * f / (frames - 1);
            for (int p = 0; p < height * width; p++) {
                pixels[f * height * width + p] = red;
                pixels[plane + f * height * width + p] = -1f;
                pixels[2 * plane + f * height * width + p] = -1f;
            }
        }
        return new DecodedFrames(frames, height, width, pixels);
    }

    @Test
    void sixteenEvenlySpacedFramesInAFourByFourGrid() throws Exception {
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(SpritesheetWriter.png(numberedFrames(33, 8, 16))));
        assertEquals(4 * 16, sheet.getWidth());
        assertEquals(4 * 8, sheet.getHeight());
        for (int t = 0; t < 16; t++) {
            int expectedFrame = (int) Math.round(t * 32.0 / 15);
            int red = sheet.getRGB((t % 4) * 16 + 3, (t / 4) * 8 + 3) >> 16 & 0xFF;
            assertEquals(Math.round(expectedFrame * 255.0 / 32), red, 1.0, "tile " + t);
        }
    }

    @Test
    void shortVideosKeepEveryFrame() throws Exception {
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(SpritesheetWriter.png(numberedFrames(5, 4, 4))));
        assertEquals(3 * 4, sheet.getWidth()); // 5 tiles: 3 columns, 2 rows
        assertEquals(2 * 4, sheet.getHeight());
        assertEquals(255, sheet.getRGB(4 * 1 + 1, 4 + 1) >> 16 & 0xFF, "the last tile is the last frame");
    }
}
