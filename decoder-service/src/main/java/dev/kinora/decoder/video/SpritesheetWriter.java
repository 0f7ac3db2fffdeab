package dev.kinora.decoder.video;

import dev.kinora.decoder.vae.DecodedFrames;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A spritesheet for scrubbing previews: up to {@value #MAX_TILES} frames, evenly spaced from the
 * first to the last, left to right and top to bottom in a near-square grid, as one PNG.
 */
public final class SpritesheetWriter {

    public static final int MAX_TILES = 16;

    private SpritesheetWriter() {}

    public static byte[] png(DecodedFrames frames) {
        int tiles = Math.min(MAX_TILES, frames.frames());
        int columns = (int) Math.ceil(Math.sqrt(tiles));
        int rows = (tiles + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * frames.width(), rows * frames.height(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            for (int t = 0; t < tiles; t++) {
                g.drawImage(PosterWriter.image(frames, frameOfTile(t, tiles, frames.frames())),
                        (t % columns) * frames.width(), (t / columns) * frames.height(), null);
            }
        } finally {
            g.dispose();
        }
        return PosterWriter.png(sheet);
    }

    /** Which frame tile {@code t} of {@code tiles} shows: the first and last frames are always in. */
    static int frameOfTile(int t, int tiles, int frames) {
        return tiles == 1 ? 0 : (int) Math.round((double) t * (frames - 1) / (tiles - 1));
    }
}
