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
