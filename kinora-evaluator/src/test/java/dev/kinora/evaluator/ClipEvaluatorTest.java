package dev.kinora.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real MP4s rendered to world.json's physics: the evaluator must recover every label, and refuse bad clips. */
class ClipEvaluatorTest {

    static final WorldSpec WORLD = WorldSpec.load(WorldSpec.locate());
    static final WorldClipRenderer RENDERER = new WorldClipRenderer(WORLD);
    static final ClipEvaluator EVALUATOR = new ClipEvaluator(WORLD);

    @TempDir
    Path dir;

    static SuitePrompt prompt(String color, String shape, String motion, String background, int w, int h, int frames) {
        String id = String.join("-", color, shape, motion, background, w + "x" + h, Integer.toString(frames));
        return new SuitePrompt(id, "a " + color + " " + shape + " " + motion + " on " + background,
                new SuitePrompt.Expected(color, shape, motion, background), false, w, h, frames, 0);
    }

    ClipReport evaluate(SuitePrompt p, List<byte[]> frames) {
        Path mp4 = Mp4Encoder.write(dir.resolve(p.id() + "-" + System.nanoTime() + ".mp4"), frames, p.width(), p.height(),
                WORLD.fps());
        return EVALUATOR.evaluate(p, mp4);
    }

    ClipReport renderAndEvaluate(SuitePrompt p, long seed) {
        SuitePrompt.Expected e = p.expected();
        return evaluate(p, RENDERER.render(e.background(), p.width(), p.height(), p.frames(), seed,
                new WorldClipRenderer.ObjectSpec(e.color(), e.shape(), e.motion())));
    }

    static void assertAllMatch(ClipReport r) {
        String detail = r.id() + ": color " + r.color() + ", shape " + r.shape() + ", motion " + r.motion()
                + ", background " + r.background() + ", consistency " + r.consistency();
        assertEquals(r.expected().color(), r.color().label(), detail);
        assertEquals(r.expected().shape(), r.shape().label(), detail);
        assertEquals(r.expected().motion(), r.motion().label(), detail);
        assertEquals(r.expected().background(), r.background().label(), detail);
        assertTrue(r.consistent(), detail);
        assertTrue(r.matched(), detail);
    }

    @Test
    void redCircleMovingRightOnBlack() {
        ClipReport r = renderAndEvaluate(prompt("red", "circle", "right", "black", 64, 64, 17), 1);
        assertAllMatch(r);
        assertTrue(r.color().confidence() > 0.5, r.color().toString());
        assertTrue(r.motion().confidence() > 0.5, r.motion().toString());
    }

    @Test
    void blueSquareGrowingOnWhite() {
        assertAllMatch(renderAndEvaluate(prompt("blue", "square", "grow", "white", 64, 64, 17), 2));
    }

    @Test
    void greenTriangleBouncingOnGray() {
        assertAllMatch(renderAndEvaluate(prompt("green", "triangle", "bounce", "gray", 64, 96, 33), 3));
    }

    @Test
    void stillObjectStaysStill() {
        ClipReport r = renderAndEvaluate(prompt("yellow", "square", "still", "navy", 96, 64, 17), 4);
        assertAllMatch(r);
        assertTrue(r.consistency().flicker() < 2.0, r.consistency().toString());
    }

    @Test
    void shrinkAndDiagonalsOnWideAndTallFrames() {
        assertAllMatch(renderAndEvaluate(prompt("purple", "triangle", "shrink", "black", 96, 64, 17), 5));
        assertAllMatch(renderAndEvaluate(prompt("orange", "circle", "up-left", "white", 64, 96, 33), 6));
        assertAllMatch(renderAndEvaluate(prompt("cyan", "square", "down-right", "navy", 96, 64, 17), 7));
    }

    /** Every color, shape, background and motion at least once, at every world resolution. */
    @Test
    void recoversEveryLabelOfTheWorld() {
        int n = WORLD.colors().size() * WORLD.shapes().size();
        for (int i = 0; i < n; i++) {
            int[] res = WORLD.resolutions().get(i % WORLD.resolutions().size());
            SuitePrompt p = prompt(WORLD.colors().get(i % WORLD.colors().size()).name(),
                    WORLD.shapes().get((i / WORLD.colors().size()) % WORLD.shapes().size()).name(),
                    WORLD.motions().get(i % WORLD.motions().size()).name(),
                    WORLD.backgrounds().get((i / 3) % WORLD.backgrounds().size()).name(), res[0], res[1], 17);
            assertAllMatch(renderAndEvaluate(p, 100 + i));
        }
    }

    /** The suite asks only for what can be scored: an ideal video of every prompt matches. */
    @Test
    void everySuitePromptIsRecoverableFromAnIdealVideo() {
        for (SuitePrompt p : PromptSuite.bundled().prompts()) {
            assertAllMatch(renderAndEvaluate(p, p.seed()));
        }
    }

    /** A small model's output is soft and grainy; labels must survive blur and noise. */
    @Test
    void toleratesBlurAndNoise() {
        for (int i = 0; i < WORLD.motions().size(); i++) {
            SuitePrompt p = prompt(WORLD.colors().get((i * 3) % WORLD.colors().size()).name(),
                    WORLD.shapes().get(i % WORLD.shapes().size()).name(), WORLD.motions().get(i).name(),
                    WORLD.backgrounds().get(i % WORLD.backgrounds().size()).name(), 64, 64, 17);
            SuitePrompt.Expected e = p.expected();
            List<byte[]> sharp = RENDERER.render(e.background(), 64, 64, 17, 200 + i,
                    new WorldClipRenderer.ObjectSpec(e.color(), e.shape(), e.motion()));
            assertAllMatch(evaluate(p, WorldClipRenderer.degrade(sharp, 64, 64, 2, 8.0, i)));
        }
    }

    @Test
    void pureNoiseIsNotAMatch() {
        SuitePrompt p = prompt("red", "circle", "still", "gray", 64, 64, 17);
        ClipReport r = evaluate(p, WorldClipRenderer.noise(64, 64, 17, 9));
        assertFalse(r.matched(), r.toString());
        assertFalse(r.consistent(), r.consistency().toString());
        assertEquals(Measurement.NONE, r.background().label(), r.background().toString());
    }

    @Test
    void twoObjectsFailConsistency() {
        SuitePrompt p = prompt("red", "circle", "right", "black", 96, 64, 17);
        ClipReport r = evaluate(p, RENDERER.render("black", 96, 64, 17, 11,
                new WorldClipRenderer.ObjectSpec("red", "circle", "right"),
                new WorldClipRenderer.ObjectSpec("blue", "square", "still")));
        assertFalse(r.consistent(), r.consistency().toString());
        assertTrue(r.consistency().singleObjectShare() < 0.5, r.consistency().toString());
        assertFalse(r.matched());
    }

    @Test
    void flickeringBackgroundFailsConsistency() {
        SuitePrompt p = prompt("red", "circle", "still", "gray", 64, 64, 17);
        List<byte[]> frames = RENDERER.render("gray", 64, 64, 17, 15, new WorldClipRenderer.ObjectSpec("red", "circle", "still"));
        for (int f = 0; f < frames.size(); f += 2) {
            byte[] frame = frames.get(f);
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) Math.min(255, (frame[i] & 0xFF) + 14); // every other frame brighter
            }
        }
        ClipReport r = evaluate(p, frames);
        assertTrue(r.consistency().flicker() > ConsistencyCheck.MAX_FLICKER, r.consistency().toString());
        assertFalse(r.consistent());
        assertEquals("gray", r.background().label());
    }

    @Test
    void wrongDirectionIsAMismatch() {
        SuitePrompt asked = prompt("red", "circle", "left", "black", 64, 64, 17);
        ClipReport r = evaluate(asked, RENDERER.render("black", 64, 64, 17, 12,
                new WorldClipRenderer.ObjectSpec("red", "circle", "right")));
        assertEquals("right", r.motion().label());
        assertFalse(r.motionMatches());
        assertTrue(r.colorMatches() && r.shapeMatches() && r.backgroundMatches() && r.consistent());
        assertFalse(r.matched());
    }

    @Test
    void wrongColorAndShapeAreMismatches() {
        SuitePrompt asked = prompt("pink", "triangle", "still", "white", 64, 64, 17);
        ClipReport r = evaluate(asked, RENDERER.render("white", 64, 64, 17, 13,
                new WorldClipRenderer.ObjectSpec("green", "circle", "still")));
        assertEquals("green", r.color().label());
        assertEquals("circle", r.shape().label());
        assertFalse(r.matched());
    }

    /** A gray smear is no world color: it must not be credited with the nearest one. */
    @Test
    void colorOutsideTheWorldIsNone() {
        int w = 64;
        int h = 64;
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int f = 0; f < 17; f++) {
            byte[] frame = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (Math.hypot(x + 0.5 - 32, y + 0.5 - 32) < 10) {
                        int p = (y * w + x) * 3;
                        frame[p] = (byte) 100;
                        frame[p + 1] = (byte) 100;
                        frame[p + 2] = (byte) 100;
                    }
                }
            }
            frames.add(frame);
        }
        ClipReport r = EVALUATOR.evaluate(prompt("purple", "circle", "still", "black", w, h, 17),
                VideoFrames.of(w, h, 8, frames), "in-memory");
        assertEquals(Measurement.NONE, r.color().label(), r.color().toString());
        assertEquals("circle", r.shape().label());
        assertEquals("still", r.motion().label());
    }

    @Test
    void emptyClipHasNoObject() {
        SuitePrompt p = prompt("red", "circle", "still", "black", 64, 64, 17);
        ClipReport r = evaluate(p, RENDERER.render("black", 64, 64, 17, 14));
        assertEquals("black", r.background().label());
        assertEquals(Measurement.NONE, r.color().label());
        assertEquals(Measurement.NONE, r.motion().label());
        assertFalse(r.consistent());
    }

    @Test
    void missingFileIsReportedNotThrown() {
        SuitePrompt p = prompt("red", "circle", "still", "black", 64, 64, 17);
        ClipReport r = EVALUATOR.evaluate(p, dir.resolve("absent.mp4"));
        assertFalse(r.matched());
        assertTrue(r.error().contains("cannot decode"), r.error());
    }
}
