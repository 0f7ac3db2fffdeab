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
