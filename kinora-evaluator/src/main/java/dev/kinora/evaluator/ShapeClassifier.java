package dev.kinora.evaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Shape from three features of the object's mask, each a median over frames:
 * <ul>
 *   <li>fill: area / bounding-box area (circle π/4, square 1, triangle 1/2);</li>
 *   <li>top share: the fraction of the area in the upper half of the box (1/2 for the symmetric
 *       circle and square, 1/4 for world.py's upward-pointing triangle);</li>
 *   <li>shoulders: the mean width of the rows at 20 % and 80 % of the box height, over the
 *       widest row (circle 0.8, square 1, triangle 1/2).</li>
 * </ul>
 * Blur rounds a square's corners, which costs fill but hardly its shoulders, and fattens a
 * triangle, which cannot make it symmetric: top share is weighted triple for that reason.
 */
public final class ShapeClassifier {

    /** (fill, top share, shoulders) of each world shape as world.py draws it. */
    static final Map<String, double[]> PROTOTYPES = Map.of(
            "circle", new double[] {Math.PI / 4, 0.5, 0.8},
            "square", new double[] {1.0, 0.5, 1.0},
            "triangle", new double[] {0.5, 0.25, 0.5});
    static final double[] WEIGHTS = {1.0, 3.0, 1.0};
    static final double SHOULDER_ROW = 0.2;

    private final List<String> shapes;

    public ShapeClassifier(List<WorldSpec.Shape> worldShapes) {
        this.shapes = worldShapes.stream().map(WorldSpec.Shape::name).toList();
        for (String s : shapes) {
            if (!PROTOTYPES.containsKey(s)) {
                throw new IllegalArgumentException("world shape '" + s + "' has no geometric prototype in ShapeClassifier");
            }
        }
    }

    public Measurement classify(List<ObjectMask.FrameObjects> frames, int width) {
        List<Double> fills = new ArrayList<>();
        List<Double> topShares = new ArrayList<>();
        List<Double> shoulders = new ArrayList<>();
        for (ObjectMask.FrameObjects f : frames) {
            f.largest().ifPresent(c -> {
                fills.add(c.area() / (double) (c.boxWidth() * c.boxHeight()));
                topShares.add(topShare(c, width));
                shoulders.add(shoulders(c, width));
            });
        }
        if (fills.isEmpty()) {
            return Measurement.none("no object");
        }
        double[] features = {median(fills), median(topShares), median(shoulders)};
        List<String> byDistance = shapes.stream().sorted(Comparator.comparingDouble(s -> distance(s, features))).toList();
        double nearest = distance(byDistance.get(0), features);
        double second = byDistance.size() > 1 ? distance(byDistance.get(1), features) : Double.MAX_VALUE;
        return new Measurement(byDistance.get(0), Measurement.separation(nearest, second),
                String.format("fill %.2f, top share %.2f, shoulders %.2f", features[0], features[1], features[2]));
    }

    private static double distance(String shape, double[] features) {
        double[] p = PROTOTYPES.get(shape);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = WEIGHTS[i] * (features[i] - p[i]);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double shoulders(ObjectMask.Component c, int width) {
        int[] rowWidths = new int[c.boxHeight()];
        for (int p : c.pixels()) {
            rowWidths[p / width - c.minY()]++;
        }
        int widest = 0;
        for (int w : rowWidths) {
            widest = Math.max(widest, w);
        }
        int upper = (int) Math.floor(SHOULDER_ROW * rowWidths.length);
        int lower = rowWidths.length - 1 - upper;
        return (rowWidths[upper] + rowWidths[lower]) / 2.0 / Math.max(1, widest);
    }

    private static double topShare(ObjectMask.Component c, int width) {
        // The box's horizontal midline; a pixel row straddling it counts half.
        double mid = (c.minY() + c.maxY() + 1) / 2.0;
        double top = 0;
        for (int p : c.pixels()) {
            double center = p / width + 0.5;
            if (center < mid) {
                top += 1;
            } else if (center == mid) {
                top += 0.5;
            }
        }
        return top / c.area();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
