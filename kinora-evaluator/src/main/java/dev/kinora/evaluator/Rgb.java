package dev.kinora.evaluator;

import java.util.List;

/** A color in 0..255 RGB space; distances are Euclidean, as the world's renderer blends linearly. */
public record Rgb(double r, double g, double b) {

    public static Rgb of(List<Integer> rgb) {
        if (rgb.size() != 3) {
            throw new IllegalArgumentException("an RGB color has 3 components, got " + rgb);
        }
        return new Rgb(rgb.get(0), rgb.get(1), rgb.get(2));
    }

    public double distance(Rgb other) {
        double dr = r - other.r;
        double dg = g - other.g;
        double db = b - other.b;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    public int[] rounded() {
        return new int[] {(int) Math.round(r), (int) Math.round(g), (int) Math.round(b)};
    }
}
