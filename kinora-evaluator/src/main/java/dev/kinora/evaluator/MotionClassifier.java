package dev.kinora.evaluator;

import java.util.ArrayList;
import java.util.List;

/**
 * Motion from the object's track: centroid and area per frame, in coordinates normalized by the
 * frame size (world.py moves objects by a fraction of width and of height, so a diagonal is 45°
 * in these units whatever the aspect ratio). Decided in order:
 * <ol>
 *   <li>bounce: the centroid goes up and down (at least one vertical reversal of a good part of
 *       the bounce height) and ends roughly where it started;</li>
 *   <li>translate: the net displacement (mean of the last sixth of frames minus the first sixth)
 *       is a good part of the world's travel; the nearest world direction by cosine wins;</li>
 *   <li>grow / shrink: the area changes by a large factor;</li>
 *   <li>still: none of those.</li>
 * </ol>
 * Thresholds are fractions of what the world's physics produce, so a sluggish or jittery model
 * output still gets its intended label, while motion that is clearly absent does not.
 */
public final class MotionClassifier {

    /** Share of the world's travel (or bounce height) that counts as "it moved". */
    static final double TRAVEL_SHARE = 0.4;
    static final double BOUNCE_SHARE = 0.5;
    /** A reversal must undo at least this share of the bounce height: jitter is not a bounce. */
    static final double REVERSAL_SHARE = 0.25;
    /** Area factor (last vs first) that counts as growing or shrinking; the world's is ≈ 6.9. */
    static final double AREA_FACTOR = 2.0;

    private final WorldSpec world;

    public MotionClassifier(WorldSpec world) {
        this.world = world;
    }

    /** The object's per-frame measurements; frames without an object are skipped. */
    record Track(List<double[]> points) {

        double x(int i) {
            return points.get(i)[0];
        }

        double y(int i) {
            return points.get(i)[1];
        }

        double area(int i) {
            return points.get(i)[2];
        }

        int size() {
            return points.size();
        }
    }

    public Measurement classify(List<ObjectMask.FrameObjects> frames, int width, int height) {
        List<double[]> points = new ArrayList<>();
        for (ObjectMask.FrameObjects f : frames) {
            f.largest().ifPresent(c -> points.add(new double[] {c.cx() / width, c.cy() / height, c.area()}));
        }
        if (points.size() < Math.max(2, (frames.size() + 1) / 2)) {
            return Measurement.none("object seen in " + points.size() + " of " + frames.size() + " frames");
        }
        Track t = new Track(points);
        int k = Math.max(1, t.size() / 6);
        double dx = mean(t, k, false, 0) - mean(t, k, true, 0);
        double dy = mean(t, k, false, 1) - mean(t, k, true, 1);
        double moved = Math.hypot(dx, dy);
        double areaFactor = mean(t, k, false, 2) / Math.max(1.0, mean(t, k, true, 2));
        double bounceHeight = world.physics().bounceHeightFraction();
        double travel = world.physics().travelFraction();
        int reversals = verticalReversals(t, REVERSAL_SHARE * bounceHeight);
        double verticalRange = range(t, 1);
        String evidence = String.format("net (%.2f, %.2f), vertical range %.2f, reversals %d, area x%.2f",
                dx, dy, verticalRange, reversals, areaFactor);

        if (reversals >= 1 && verticalRange >= BOUNCE_SHARE * bounceHeight && moved < TRAVEL_SHARE * travel) {
            return labelled("bounce", Measurement.clamp01(verticalRange / bounceHeight), evidence);
        }
        if (moved >= TRAVEL_SHARE * travel) {
            return nearestDirection(dx, dy, moved, travel, evidence);
        }
        if (areaFactor >= AREA_FACTOR) {
            return labelled("grow", Measurement.clamp01(Math.log(areaFactor) / Math.log(worldAreaFactor())), evidence);
        }
        if (areaFactor <= 1 / AREA_FACTOR) {
            return labelled("shrink", Measurement.clamp01(-Math.log(areaFactor) / Math.log(worldAreaFactor())), evidence);
        }
        // Confidence in stillness falls as any of the motion cues approaches its threshold.
        double cue = Math.max(moved / (TRAVEL_SHARE * travel),
                Math.max(verticalRange / (BOUNCE_SHARE * bounceHeight), Math.abs(Math.log(areaFactor)) / Math.log(AREA_FACTOR)));
        return labelled("still", Measurement.clamp01(1 - cue), evidence);
    }

    /** How much the world's grow motion multiplies the area over a clip: (end scale / start scale)². */
    private double worldAreaFactor() {
        double f = world.physics().growTo() / world.physics().growFrom();
        return Math.max(AREA_FACTOR, f * f);
    }

    private Measurement nearestDirection(double dx, double dy, double moved, double travel, String evidence) {
        WorldSpec.Motion best = null;
        double bestCos = -2;
        double secondCos = -2;
        for (WorldSpec.Motion m : world.motions()) {
            if (!m.translates()) {
                continue;
            }
            double cos = (dx * m.dx() + dy * m.dy()) / (moved * Math.hypot(m.dx(), m.dy()));
            if (cos > bestCos) {
                secondCos = bestCos;
                bestCos = cos;
                best = m;
            } else if (cos > secondCos) {
                secondCos = cos;
            }
        }
        if (best == null) {
            return Measurement.none("the world has no translating motion; " + evidence);
        }
        // Confident when the direction is well inside its sector and the travel is near the world's.
        double sector = Measurement.clamp01((bestCos - secondCos) / (1 - Math.cos(Math.PI / 4)));
        double size = Measurement.clamp01(moved / (travel * (1 - 1.0 / 6)));
        return new Measurement(best.name(), sector * size, evidence);
    }

    private Measurement labelled(String kind, double confidence, String evidence) {
        return world.motionOfKind(kind).map(m -> new Measurement(m.name(), confidence, evidence))
                .orElseGet(() -> Measurement.none("the world has no '" + kind + "' motion; " + evidence));
    }

    /** Direction changes of the vertical track, each counted only once it has moved back by {@code hysteresis}. */
    private static int verticalReversals(Track t, double hysteresis) {
        int reversals = 0;
        int direction = 0; // +1 moving down (y grows), -1 moving up, 0 not yet known
        double high = t.y(0);
        double low = t.y(0);
        for (int i = 1; i < t.size(); i++) {
            double y = t.y(i);
            high = Math.max(high, y);
            low = Math.min(low, y);
            if (direction >= 0 && high - y >= hysteresis) {
                reversals += direction == 0 ? 0 : 1;
                direction = -1;
                low = y; // from here only the next turning point matters
            } else if (direction <= 0 && y - low >= hysteresis) {
                reversals += direction == 0 ? 0 : 1;
                direction = 1;
                high = y;
            }
        }
        return reversals;
    }

    private static double range(Track t, int field) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] p : t.points()) {
            min = Math.min(min, p[field]);
            max = Math.max(max, p[field]);
        }
        return max - min;
    }

    private static double mean(Track t, int k, boolean first, int field) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += t.points().get(first ? i : t.size() - 1 - i)[field];
        }
        return sum / k;
    }
}
