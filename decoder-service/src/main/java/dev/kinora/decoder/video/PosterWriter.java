package dev.kinora.decoder.video;

import dev.kinora.decoder.vae.DecodedFrames;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The poster image shown before a video plays: its middle frame as PNG. */
public final class PosterWriter {

    private PosterWriter() {}

    public static byte[] png(DecodedFrames frames) {
        return png(image(frames, frames.frames() / 2));
    }

    /** Frame {@code f} as an RGB image. */
    static BufferedImage image(DecodedFrames frames, int f) {
        byte[] rgb = frames.rgb(f);
        BufferedImage image = new BufferedImage(frames.width(), frames.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < frames.height(); y++) {
            for (int x = 0; x < frames.width(); x++) {
                int p = (y * frames.width() + x) * 3;
                image.setRGB(x, y, (rgb[p] & 0xFF) << 16 | (rgb[p + 1] & 0xFF) << 8 | (rgb[p + 2] & 0xFF));
            }
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
