package dev.kinora.evaluator;

import java.nio.file.Path;
import java.util.List;

/** Runs every measurement on one clip and compares it with what its prompt asked for. */
public final class ClipEvaluator {

    private final WorldSpec world;
    private final double maskThreshold;
    private final BackgroundEstimator backgroundEstimator;
    private final ColorClassifier colorClassifier;
    private final ShapeClassifier shapeClassifier;
    private final MotionClassifier motionClassifier;

    public ClipEvaluator(WorldSpec world) {
        this.world = world;
        this.maskThreshold = ObjectMask.thresholdFor(world);
        this.backgroundEstimator = new BackgroundEstimator(world.backgrounds(), maskThreshold);
        this.colorClassifier = new ColorClassifier(world.colors());
        this.shapeClassifier = new ShapeClassifier(world.shapes());
        this.motionClassifier = new MotionClassifier(world);
    }

    public ClipReport evaluate(SuitePrompt prompt, Path video) {
        VideoFrames clip;
        try {
            clip = VideoFrames.read(video);
        } catch (RuntimeException e) {
            return ClipReport.failed(prompt, video.toString(), "cannot decode: " + e.getMessage());
        }
        return evaluate(prompt, clip, video.toString());
    }

    public ClipReport evaluate(SuitePrompt prompt, VideoFrames clip, String videoName) {
        if (clip.frameCount() == 0) {
            return ClipReport.failed(prompt, videoName, "the video has no frames");
        }
        BackgroundEstimator.Estimate background = backgroundEstimator.estimate(clip);
        ObjectScale scale = ObjectScale.of(world.physics(), clip.width(), clip.height());
        List<ObjectMask.FrameObjects> frames = new ObjectMask(maskThreshold, scale.minArea())
                .segment(clip, background.color());
        return new ClipReport(prompt.id(), prompt.prompt(), prompt.paraphrase(), videoName, prompt.expected(),
                colorClassifier.classify(clip, frames),
                shapeClassifier.classify(frames, clip.width()),
                motionClassifier.classify(frames, clip.width(), clip.height()),
                background.measurement(),
                new ConsistencyCheck(scale).check(clip, frames),
                null);
    }
}
