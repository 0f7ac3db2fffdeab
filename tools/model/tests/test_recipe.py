import json

import pytest

from kinora_model import export, recipe
from kinora_model.env import BUNDLE_DIR


def test_committed_recipe_describes_the_committed_bundle():
    r = recipe.load()
    manifest = json.loads((BUNDLE_DIR / "model.json").read_text())
    assert manifest["video"] == r["video"]
    assert manifest["scheduler"] == r["sampler"]
    assert manifest["transformer"]["parameters"] > 0
    assert manifest["version"].split("-")[1] == str(r["dit"]["steps"])


def test_a_recipe_missing_a_setting_is_refused(tmp_path):
    r = json.loads(recipe.DEFAULT.read_text())
    del r["dit"]["lr"]
    (tmp_path / "r.json").write_text(json.dumps(r))
    with pytest.raises(ValueError, match="dit.lr"):
        recipe.load(tmp_path / "r.json")


def test_unknown_conditioning_kind_is_refused(tmp_path):
    r = json.loads(recipe.DEFAULT.read_text())
    r["dit"]["conditioning"] = {"none": 0.5, "sideways": 0.5}
    (tmp_path / "r.json").write_text(json.dumps(r))
    with pytest.raises(ValueError, match="sideways"):
        recipe.load(tmp_path / "r.json")


def test_manifest_records_the_recipe(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "text_encoder_hashes", lambda: ("a" * 64, "b" * 64))
    r = recipe.override_steps(recipe.load(), dit=20000)
    m = export.write_manifest(tmp_path, r, steps=20000, params=1, latent_mean=[0.0] * 8, latent_std=[1.0] * 8,
                              description="test")
    written = json.loads((tmp_path / "model.json").read_text())
    assert written == m
    assert written["recipe"]["file"] == "tiny-shapes.json" and written["recipe"]["dit"]["steps"] == 20000
    assert "path" not in written["recipe"] and written["video"] == r["video"]


def test_canvas_recipe_loads_and_its_buckets_fit_the_latent_grid():
    r = recipe.load(recipe.RECIPES / "canvas.json")
    sizes = {(w, h) for w, h in r["video"]["resolutions"]}
    assert {(64, 64), (112, 64), (64, 112), (80, 64), (64, 80)} <= sizes
    for bucket in r["dit"]["buckets"]:
        w, h, frames = bucket[:3]
        assert (w, h) in sizes and w % 16 == 0 and h % 16 == 0      # 8x VAE, then 2x2 patches
        assert (frames - 1) % 4 == 0                                  # a causal VAE takes 1 + 4k frames
        assert len(bucket) == 5 or bucket[5] >= frames
    assert abs(sum(b[4] for b in r["dit"]["buckets"]) - 1.0) < 1e-6
    assert r["dit"]["steps"] > recipe.load()["dit"]["steps"]         # continues the committed model
