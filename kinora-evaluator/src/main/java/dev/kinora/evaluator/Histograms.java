package dev.kinora.evaluator;

/** Medians of 8-bit channel histograms, which the color and background estimates both take. */
final class Histograms {

    private Histograms() {}

    /** The per-channel median color of {@code count} pixels tallied in three 256-bin histograms. */
    static Rgb medianColor(int[][] histograms, int count) {
        return new Rgb(median(histograms[0], count), median(histograms[1], count), median(histograms[2], count));
    }

    /** The median value of {@code count} samples tallied in a 256-bin histogram. */
    static double median(int[] histogram, int count) {
        int half = (count + 1) / 2;
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen >= half) {
                return v;
            }
        }
        return 255;
    }
}
