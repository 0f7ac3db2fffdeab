package dev.kinora.evaluator;

import java.util.Comparator;
import java.util.List;

/**
 * The background is the dominant color of the frame border over the whole clip. The world keeps
 * the object inside the frame, so the border is background almost everywhere; a per-channel
 * median ignores the few pixels an object or a blurry edge puts there.
 */
public final class BackgroundEstimator {

    /** Below this share of border pixels agreeing with the median, the background is not a plain color. */
    static final double MIN_AGREEMENT = 0.5;

    /** The estimated color, the nearest world background, and how much of the border agrees with it. */
    public record Estimate(Rgb color, Measurement measurement, double borderAgreement) {}

    private final List<WorldSpec.NamedColor> backgrounds;
    private final double agreementRadius;

    /** @param agreementRadius a border pixel within this RGB distance of the median counts as agreeing */
    public BackgroundEstimator(List<WorldSpec.NamedColor> backgrounds, double agreementRadius) {
        this.backgrounds = backgrounds;
        this.agreementRadius = agreementRadius;
    }

    public Estimate estimate(VideoFrames clip) {
        int[][] histograms = new int[3][256];
        int w = clip.width();
        int h = clip.height();
        int[] border = borderPixels(w, h);
        int count = 0;
        for (int f = 0; f < clip.frameCount(); f++) {
            byte[] px = clip.frame(f);
            for (int i : border) {
                for (int c = 0; c < 3; c++) {
                    histograms[c][px[i * 3 + c] & 0xFF]++;
                }
                count++;
            }
        }
        Rgb median = Histograms.medianColor(histograms, count);
        double radiusSq = agreementRadius * agreementRadius;
        int agreeing = 0;
        for (int f = 0; f < clip.frameCount(); f++) {
            for (int i : border) {
                if (clip.distanceSquared(f, i, median) <= radiusSq) {
                    agreeing++;
                }
            }
        }
        double agreement = count == 0 ? 0.0 : (double) agreeing / count;
        return new Estimate(median, classify(median, agreement), agreement);
    }

    private Measurement classify(Rgb color, double agreement) {
        List<WorldSpec.NamedColor> byDistance = backgrounds.stream()
                .sorted(Comparator.comparingDouble(b -> b.rgb().distance(color))).toList();
        double nearest = byDistance.get(0).rgb().distance(color);
        double second = byDistance.size() > 1 ? byDistance.get(1).rgb().distance(color) : Double.MAX_VALUE;
        String evidence = String.format("border median %s, distance %.1f to %s, border agreement %.2f",
                java.util.Arrays.toString(color.rounded()), nearest, byDistance.get(0).name(), agreement);
        if (agreement < MIN_AGREEMENT) {
            // Texture or noise on the border: no world background is plain like that.
            return new Measurement(Measurement.NONE, 0.0, evidence);
        }
        return new Measurement(byDistance.get(0).name(), Measurement.separation(nearest, second) * agreement, evidence);
    }

    private static int[] borderPixels(int w, int h) {
        int[] out = new int[2 * w + 2 * Math.max(0, h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            out[n++] = x;
            out[n++] = (h - 1) * w + x;
        }
        for (int y = 1; y < h - 1; y++) {
            out[n++] = y * w;
            out[n++] = y * w + w - 1;
        }
        return out;
    }

}
