import numpy as np
import pytest

from kinora_model.captions import build_pool, check_held_out
from kinora_model.world import World, to_model_range


@pytest.fixture(scope="module")
def world():
    return World()


def test_every_combination_draws_its_object_in_every_frame(world):
    rng = np.random.default_rng(0)
    for combo in world.combos()[::37]:
        clip = world.render(*combo, 96, 64, 17, rng)
        assert clip.shape == (17, 64, 96, 3) and clip.dtype == np.uint8
        bg = np.array(world.backgrounds[combo[2]]["rgb"])
        obj = np.abs(clip.astype(int) - bg).sum(-1) > 30
        assert obj.sum(axis=(1, 2)).min() >= 10


def test_every_path_keeps_the_object_center_in_frame(world):
    rng = np.random.default_rng(5)
    for motion in world.motions:
        for w, h in ((64, 64), (96, 64), (64, 96)):
            x, y, r = world.trajectory(motion, w, h, 33, rng)
            assert (x > 0).all() and (x < w).all() and (y > 0).all() and (y < h).all() and (r > 0).all()


def test_translation_moves_the_way_the_motion_says(world):
    rng = np.random.default_rng(1)
    for m, motion in enumerate(world.motions):
        if motion["kind"] != "translate":
            continue
        x, y, _ = world.trajectory(motion, 64, 64, 17, rng)
        dx, dy = motion["direction"]
        assert np.sign(x[-1] - x[0]) == np.sign(dx) and np.sign(y[-1] - y[0]) == np.sign(dy)


def test_model_range_is_minus_one_to_one(world):
    clip = world.render(0, 0, 0, 0, 64, 64, 5, np.random.default_rng(2))
    x = to_model_range(clip)
    assert x.shape == (3, 5, 64, 64) and x.min() >= -1.0 and x.max() <= 1.0


def test_caption_pool_keeps_held_out_words_out_of_training(world):
    check_held_out(world)
    rows = build_pool(world, per_combo=2, test_combos=40)
    assert rows[0] == {"text": "", "combo": None, "split": "empty"}
    texts = [r["text"].lower() for r in rows]
    assert len(texts) == len(set(texts))
    held = {w.lower() for e in world.spec["colors"] for w in e["heldOutWords"]}
    for r in rows:
        if r["split"] == "train":
            assert not held & set(r["text"].lower().split()), r["text"]
    assert sum(r["split"] == "paraphrase" for r in rows) == 40


def test_a_long_videos_first_window_is_the_short_clip(world):
    for m, motion in enumerate(world.motions):
        short = world.trajectory(motion, 80, 64, 17, np.random.default_rng(m))
        long = world.trajectory(motion, 80, 64, 17 * 8, np.random.default_rng(m), window=17)
        for a, b in zip(short, long):
            assert np.allclose(a, b[:17])


def test_long_videos_keep_their_speed_and_bounce_off_the_edges(world):
    right = next(m for m in world.motions if m["name"] == "right")
    x, y, r = world.trajectory(right, 112, 64, 480, np.random.default_rng(3), window=17)
    step = np.abs(np.diff(x))
    assert np.median(step) == pytest.approx(world.obj["travelFraction"] * 112 / 16, rel=1e-6)
    turns = np.nonzero(np.diff(np.sign(np.diff(x))))[0]
    assert len(turns) >= 8                                                     # about 13 crossings in 60 s
    assert x.min() >= r.max() + 1 - 1e-9 and x.max() <= 112 - r.max() - 1 + 1e-9
    assert np.ptp(y) == 0                                                      # "right" never drifts vertically


def test_growing_holds_its_size_after_the_first_window(world):
    grow = next(m for m in world.motions if m["kind"] == "grow")
    _, _, r = world.trajectory(grow, 64, 64, 100, np.random.default_rng(4), window=17)
    assert r[16] > r[0] and np.allclose(r[16:], r[16])


def test_a_window_cut_from_a_long_video_renders_its_frames(world):
    long = world.render(0, 1, 0, 1, 64, 64, 40, np.random.default_rng(6), window=17)
    cut = world.render(0, 1, 0, 1, 64, 64, 8, np.random.default_rng(6), window=17, start=32)
    assert np.array_equal(long[32:], cut)
