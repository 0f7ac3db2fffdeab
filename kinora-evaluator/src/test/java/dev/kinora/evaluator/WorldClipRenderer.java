package dev.kinora.evaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders clips the way tools/model/kinora_model/world.py does (same trajectories, same analytic edge
 * coverage), in Java, so tests can check the evaluator against ground truth. Extras a model's
 * output might show: a second object, blur, pixel noise.
 */
final class WorldClipRenderer {

    /** One object to draw: world labels plus the clip-level random draws. */
    record ObjectSpec(String color, String shape, String motion) {}

    private final WorldSpec world;

    WorldClipRenderer(WorldSpec world) {
        this.world = world;
    }

    List<byte[]> render(String background, int width, int height, int frames, long seed, ObjectSpec... objects) {
        Random rng = new Random(seed);
        Rgb bg = world.background(background).rgb();
        float[][] images = new float[frames][width * height * 3];
        for (float[] img : images) {
            for (int i = 0; i < width * height; i++) {
                img[i * 3] = (float) bg.r();
                img[i * 3 + 1] = (float) bg.g();
                img[i * 3 + 2] = (float) bg.b();
            }
        }
        for (ObjectSpec o : objects) {
            double[][] path = trajectory(world.motion(o.motion()), width, height, frames, rng);
            Rgb fg = world.color(o.color()).rgb();
            for (int f = 0; f < frames; f++) {
                draw(images[f], width, height, o.shape(), path[0][f], path[1][f], path[2][f], fg);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (float[] img : images) {
            out.add(toBytes(img));
        }
        return out;
    }

    /** Per-frame x, y, radius in pixels, as world.py's trajectory computes them. */
    private double[][] trajectory(WorldSpec.Motion motion, int width, int height, int frames, Random rng) {
        WorldSpec.Physics p = world.physics();
        double base = p.radiusFraction() * Math.min(width, height) * uniform(rng, p.radiusJitterMin(), p.radiusJitterMax());
        double[] x = new double[frames];
        double[] y = new double[frames];
        double[] r = new double[frames];
        double rMax = 0;
        for (int f = 0; f < frames; f++) {
            double u = frames == 1 ? 0 : f / (double) (frames - 1);
            double scale = switch (motion.kind()) {
                case "grow" -> p.growFrom() + (p.growTo() - p.growFrom()) * u;
                case "shrink" -> p.shrinkFrom() + (p.shrinkTo() - p.shrinkFrom()) * u;
                default -> 1.0;
            };
            r[f] = base * scale;
            rMax = Math.max(rMax, r[f]);
        }
        switch (motion.kind()) {
            case "translate" -> {
                double tx = p.travelFraction() * width;
                double ty = p.travelFraction() * height;
                double x0 = free(rng, rMax, width, motion.dx() != 0 ? tx : 0);
                double y0 = free(rng, rMax, height, motion.dy() != 0 ? ty : 0);
                if (motion.dx() < 0) {
                    x0 = width - x0;
                }
                if (motion.dy() < 0) {
                    y0 = height - y0;
                }
                for (int f = 0; f < frames; f++) {
                    double u = frames == 1 ? 0 : f / (double) (frames - 1);
                    x[f] = x0 + motion.dx() * tx * u;
                    y[f] = y0 + motion.dy() * ty * u;
                }
            }
            case "bounce" -> {
                double x0 = free(rng, rMax, width, 0);
                double ground = height - rMax - 1;
                for (int f = 0; f < frames; f++) {
                    double u = frames == 1 ? 0 : f / (double) (frames - 1);
                    x[f] = x0;
                    y[f] = ground - p.bounceHeightFraction() * height * Math.abs(Math.sin(Math.PI * p.bounces() * u));
                }
            }
            default -> {
                double x0 = free(rng, rMax, width, 0);
                double y0 = free(rng, rMax, height, 0);
                java.util.Arrays.fill(x, x0);
                java.util.Arrays.fill(y, y0);
            }
        }
        return new double[][] {x, y, r};
    }

    private static double free(Random rng, double rMax, int size, double travel) {
        double lo = rMax + 1;
        double hi = size - rMax - 1 - travel;
        return uniform(rng, lo, Math.max(lo, hi));
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static void draw(float[] img, int width, int height, String shape, double cx, double cy, double r, Rgb fg) {
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                double dx = px + 0.5 - cx;
                double dy = py + 0.5 - cy;
                double inside = switch (shape) {
                    case "circle" -> r - Math.hypot(dx, dy);
                    case "square" -> r * 0.85 - Math.max(Math.abs(dx), Math.abs(dy));
                    case "triangle" -> {
                        double big = r * 1.15;
                        double min = Double.POSITIVE_INFINITY;
                        for (int k = 0; k < 3; k++) {
                            double a = -Math.PI / 2 + k * 2 * Math.PI / 3 + Math.PI;
                            min = Math.min(min, big * 0.5 - (dx * Math.cos(a) + dy * Math.sin(a)));
                        }
                        yield min;
                    }
                    default -> throw new IllegalArgumentException(shape);
                };
                double alpha = Math.max(0, Math.min(1, inside + 0.5));
                if (alpha > 0) {
                    int i = (py * width + px) * 3;
                    img[i] = (float) (img[i] * (1 - alpha) + fg.r() * alpha);
                    img[i + 1] = (float) (img[i + 1] * (1 - alpha) + fg.g() * alpha);
                    img[i + 2] = (float) (img[i + 2] * (1 - alpha) + fg.b() * alpha);
                }
            }
        }
    }

    /** A small model's look: a 3×3 box blur applied {@code passes} times, then Gaussian pixel noise. */
    static List<byte[]> degrade(List<byte[]> frames, int width, int height, int passes, double noiseSigma, long seed) {
        Random rng = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (byte[] frame : frames) {
            float[] img = new float[frame.length];
            for (int i = 0; i < frame.length; i++) {
                img[i] = frame[i] & 0xFF;
            }
            for (int pass = 0; pass < passes; pass++) {
                img = boxBlur(img, width, height);
            }
            for (int i = 0; i < img.length; i++) {
                img[i] += (float) (rng.nextGaussian() * noiseSigma);
            }
            out.add(toBytes(img));
        }
        return out;
    }

    static List<byte[]> noise(int width, int height, int frames, long seed) {
        Random rng = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] frame = new byte[width * height * 3];
            rng.nextBytes(frame);
            out.add(frame);
        }
        return out;
    }

    private static float[] boxBlur(float[] img, int width, int height) {
        float[] out = new float[img.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float sum = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int nx = x + dx;
                            int ny = y + dy;
                            if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                                sum += img[(ny * width + nx) * 3 + c];
                                n++;
                            }
                        }
                    }
                    out[(y * width + x) * 3 + c] = sum / n;
                }
            }
        }
        return out;
    }

    private static byte[] toBytes(float[] img) {
        byte[] out = new byte[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(img[i])));
        }
        return out;
    }
}
