package dev.kinora.evaluator;

/**
 * How large the world's object can be in a frame of a given size, from world.json's physics: the
 * radius is radiusFraction × the short side, jittered, and scaled by grow/shrink. Components far
 * below the smallest size are compression speckle; far above the largest, not an object at all.
 */
public record ObjectScale(double minArea, double maxArea) {

    // Area per r² of the smallest and largest world shapes as world.py draws them: an equilateral
    // triangle inscribed in a circle of 1.15 r (3√3/4 · 1.15²), and the circle itself (π).
    private static final double SMALLEST_SHAPE_AREA_PER_R2 = 3 * Math.sqrt(3) / 4 * 1.15 * 1.15;
    private static final double LARGEST_SHAPE_AREA_PER_R2 = Math.PI;

    /** Speckle below this share of the smallest object is ignored; blobs over twice the largest are not objects. */
    static final double SPECKLE_SHARE = 0.3;
    static final double OVERSIZE_FACTOR = 2.0;

    public static ObjectScale of(WorldSpec.Physics p, int width, int height) {
        double base = p.radiusFraction() * Math.min(width, height);
        double smallestScale = Math.min(1.0, Math.min(Math.min(p.growFrom(), p.growTo()), Math.min(p.shrinkFrom(), p.shrinkTo())));
        double largestScale = Math.max(1.0, Math.max(Math.max(p.growFrom(), p.growTo()), Math.max(p.shrinkFrom(), p.shrinkTo())));
        double rMin = base * p.radiusJitterMin() * smallestScale;
        double rMax = base * p.radiusJitterMax() * largestScale;
        return new ObjectScale(Math.max(4.0, SPECKLE_SHARE * SMALLEST_SHAPE_AREA_PER_R2 * rMin * rMin),
                OVERSIZE_FACTOR * LARGEST_SHAPE_AREA_PER_R2 * rMax * rMax);
    }

    public boolean plausible(int area) {
        return area >= minArea && area <= maxArea;
    }
}
