package dev.kinora.evaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Separates object from background: a pixel is "object" when it is farther than a threshold from
 * the estimated background color. Each frame's mask is split into 8-connected components, and
 * components smaller than the world's smallest object are dropped as compression speckle.
 */
public final class ObjectMask {

    /** One connected blob: its pixel indices (y · width + x), centroid and bounding box. */
    public record Component(int[] pixels, double cx, double cy, int minX, int maxX, int minY, int maxY) {

        public int area() {
            return pixels.length;
        }

        public int boxWidth() {
            return maxX - minX + 1;
        }

        public int boxHeight() {
            return maxY - minY + 1;
        }
    }

    /** One frame's mask and its non-speckle components, largest first. */
    public record FrameObjects(boolean[] mask, List<Component> components) {

        public Optional<Component> largest() {
            return components.isEmpty() ? Optional.empty() : Optional.of(components.get(0));
        }
    }

    private final double threshold;
    private final double minArea;

    public ObjectMask(double threshold, double minArea) {
        this.threshold = threshold;
        this.minArea = minArea;
    }

    /**
     * Half the smallest distance between any world object color and any world background: far
     * enough that blur and compression noise stay background, near enough to keep most edges.
     */
    public static double thresholdFor(WorldSpec world) {
        double smallest = Double.MAX_VALUE;
        for (WorldSpec.NamedColor c : world.colors()) {
            for (WorldSpec.NamedColor b : world.backgrounds()) {
                smallest = Math.min(smallest, c.rgb().distance(b.rgb()));
            }
        }
        return Math.max(30.0, smallest / 2);
    }

    public List<FrameObjects> segment(VideoFrames clip, Rgb background) {
        List<FrameObjects> out = new ArrayList<>(clip.frameCount());
        double thresholdSq = threshold * threshold;
        int n = clip.width() * clip.height();
        for (int f = 0; f < clip.frameCount(); f++) {
            boolean[] mask = new boolean[n];
            for (int i = 0; i < n; i++) {
                mask[i] = clip.distanceSquared(f, i, background) > thresholdSq;
            }
            out.add(new FrameObjects(mask, components(mask, clip.width(), clip.height())));
        }
        return out;
    }

    private List<Component> components(boolean[] mask, int w, int h) {
        boolean[] seen = new boolean[mask.length];
        int[] queue = new int[mask.length];
        List<Component> found = new ArrayList<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w;
                int y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (mask[q] && !seen[q]) {
                            seen[q] = true;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            if (tail >= minArea) {
                found.add(component(java.util.Arrays.copyOf(queue, tail), w));
            }
        }
        found.sort(Comparator.comparingInt(Component::area).reversed());
        return List.copyOf(found);
    }

    private static Component component(int[] pixels, int w) {
        long sx = 0;
        long sy = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        for (int p : pixels) {
            int x = p % w;
            int y = p / w;
            sx += x;
            sy += y;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        // +0.5: pixel centers, matching world.py's coordinate convention.
        return new Component(pixels, sx / (double) pixels.length + 0.5, sy / (double) pixels.length + 0.5,
                minX, maxX, minY, maxY);
    }
}
