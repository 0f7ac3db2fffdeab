package dev.kinora.evaluator;

import java.util.List;

/**
 * Temporal consistency: the world has exactly one object in every frame and a background that
 * does not change. Measured as the share of frames with exactly one plausibly sized component,
 * and flicker = mean absolute frame-to-frame change (0..255 per channel) of pixels that are
 * background in both frames.
 */
public final class ConsistencyCheck {

    /** Share of frames that must show exactly one object. */
    public static final double MIN_SINGLE_OBJECT_SHARE = 0.9;
    /**
     * Mean background change per frame, in 0..255 levels, above which the clip flickers. Grain a
     * model leaves (σ ≈ 8 before H.264 smooths it) measures about 5; a visible brightness pulse more.
     */
    public static final double MAX_FLICKER = 8.0;

    public record Result(double singleObjectShare, double flicker, boolean passed) {}

    private final ObjectScale scale;

    public ConsistencyCheck(ObjectScale scale) {
        this.scale = scale;
    }

    public Result check(VideoFrames clip, List<ObjectMask.FrameObjects> frames) {
        int single = 0;
        for (ObjectMask.FrameObjects f : frames) {
            if (f.components().size() == 1 && scale.plausible(f.components().get(0).area())) {
                single++;
            }
        }
        double share = frames.isEmpty() ? 0.0 : (double) single / frames.size();
        double flicker = flicker(clip, frames);
        return new Result(share, flicker, share >= MIN_SINGLE_OBJECT_SHARE && flicker <= MAX_FLICKER);
    }

    private static double flicker(VideoFrames clip, List<ObjectMask.FrameObjects> frames) {
        if (clip.frameCount() < 2) {
            return 0.0;
        }
        double total = 0;
        int pairs = 0;
        for (int f = 1; f < clip.frameCount(); f++) {
            boolean[] before = frames.get(f - 1).mask();
            boolean[] after = frames.get(f).mask();
            byte[] a = clip.frame(f - 1);
            byte[] b = clip.frame(f);
            long sum = 0;
            long n = 0;
            for (int i = 0; i < before.length; i++) {
                if (before[i] || after[i]) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a[i * 3 + c] & 0xFF) - (b[i * 3 + c] & 0xFF));
                }
                n += 3;
            }
            if (n > 0) {
                total += (double) sum / n;
                pairs++;
            }
        }
        // No shared background at all (the "object" fills the frame) is as bad as it gets.
        return pairs == 0 ? 255.0 : total / pairs;
    }
}
