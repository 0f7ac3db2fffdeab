package dev.kinora.evaluator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Object color = per-channel median of the object's interior pixels over the whole clip, then the
 * nearest world color. Interior only: edge pixels are blends with the background (anti-aliasing,
 * blur, 4:2:0 chroma) and would pull the median toward it.
 */
public final class ColorClassifier {

    private final List<WorldSpec.NamedColor> colors;
    private final double maxDistance;

    /**
     * A color farther from every world color than the two closest world colors are from each other
     * is no world color at all (a gray smear, say): it gets {@link Measurement#NONE}, not a lucky label.
     */
    public ColorClassifier(List<WorldSpec.NamedColor> colors) {
        this.colors = colors;
        double closestPair = Double.MAX_VALUE;
        for (int i = 0; i < colors.size(); i++) {
            for (int j = i + 1; j < colors.size(); j++) {
                closestPair = Math.min(closestPair, colors.get(i).rgb().distance(colors.get(j).rgb()));
            }
        }
        this.maxDistance = closestPair == Double.MAX_VALUE ? Double.MAX_VALUE : closestPair;
    }

    public Measurement classify(VideoFrames clip, List<ObjectMask.FrameObjects> frames) {
        int[][] histograms = new int[3][256];
        int interior = collect(clip, frames, histograms, true);
        if (interior == 0) {
            // Objects so small or thin that nothing is interior: fall back to every mask pixel.
            interior = collect(clip, frames, histograms, false);
        }
        if (interior == 0) {
            return Measurement.none("no object pixels");
        }
        Rgb median = Histograms.medianColor(histograms, interior);
        List<WorldSpec.NamedColor> byDistance = colors.stream()
                .sorted(Comparator.comparingDouble(c -> c.rgb().distance(median))).toList();
        double nearest = byDistance.get(0).rgb().distance(median);
        double second = byDistance.size() > 1 ? byDistance.get(1).rgb().distance(median) : Double.MAX_VALUE;
        String evidence = String.format("object median %s over %d px, distance %.1f to %s",
                Arrays.toString(median.rounded()), interior, nearest, byDistance.get(0).name());
        if (nearest > maxDistance) {
            return new Measurement(Measurement.NONE, 0.0, evidence);
        }
        return new Measurement(byDistance.get(0).name(), Measurement.separation(nearest, second), evidence);
    }

    private static int collect(VideoFrames clip, List<ObjectMask.FrameObjects> frames, int[][] histograms,
            boolean interiorOnly) {
        int w = clip.width();
        int h = clip.height();
        int n = 0;
        for (int f = 0; f < frames.size(); f++) {
            ObjectMask.FrameObjects objects = frames.get(f);
            if (objects.largest().isEmpty()) {
                continue;
            }
            byte[] px = clip.frame(f);
            boolean[] mask = objects.mask();
            for (int p : objects.largest().get().pixels()) {
                if (interiorOnly && !interior(mask, p, w, h)) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    histograms[c][px[p * 3 + c] & 0xFF]++;
                }
                n++;
            }
        }
        return n;
    }

    private static boolean interior(boolean[] mask, int p, int w, int h) {
        int x = p % w;
        int y = p / w;
        return x > 0 && y > 0 && x < w - 1 && y < h - 1
                && mask[p - 1] && mask[p + 1] && mask[p - w] && mask[p + w];
    }

}
