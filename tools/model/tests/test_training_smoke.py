"""A few steps of every training stage on a tiny recipe: the loops run, resume and stop at their budget."""
import copy
import json

import numpy as np
import pytest
import torch

from kinora_model import data, recipe, train_dit, train_vae
from kinora_model import safetensors_io as st
from kinora_model.world import World


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    stage_paths = ((train_vae, ("VAE_CKPT", "VAE_REPORT", "TRAIN_DIR")), (train_dit, ("DIT_CKPT", "LATENT_CACHE")))
    for module, names in stage_paths:
        for name in names:
            monkeypatch.setattr(module, name, tmp_path / ("" if name == "TRAIN_DIR" else name.lower()))
    monkeypatch.setattr(train_vae, "psnr", lambda *a, **k: (20.0, 15.0))      # the full PSNR pass is slow
    r = copy.deepcopy(recipe.load())
    r["vae"].update(steps=2, batch=2, crop=16, clipFrames=[[5, 1.0]])
    r["decoder"].update(steps=2, batch=2, frames=[5])
    r["dit"].update(dim=48, depth=1, heads=2, steps=3, batch=4, warmupSteps=1, evalEverySteps=0,
                    buckets=[[32, 32, 9, 8, 0.5], [48, 32, 5, 4, 0.5]],
                    conditioning={"none": 0.4, "first": 0.2, "head": 0.2, "ends": 0.2})
    return r, tmp_path


def fake_caption_bank(tmp_path, combos):
    """One training caption per combination, with random 'embeddings' (no text encoder needed)."""
    rows = [{"text": "", "combo": None, "split": "empty"}] + [
        {"text": f"caption {i}", "combo": list(c), "split": "train"} for i, c in enumerate(combos)]
    (tmp_path / "captions.json").write_text(json.dumps(rows))
    rng = np.random.default_rng(0)
    st.write(tmp_path / "embeddings.safetensors",
             {"hidden_states": rng.standard_normal((len(rows), 6, 384)).astype(np.float16),
              "attention_mask": np.ones((len(rows), 6), np.uint8)})
    return data.TextBank(tmp_path / "embeddings.safetensors", tmp_path / "captions.json")


def test_every_stage_trains_to_its_step_budget_and_resumes(tiny, monkeypatch):
    r, tmp = tiny
    assert not train_vae.train(r, run_minutes=0)          # no time this run: nothing done, nothing lost
    assert train_vae.train(r, run_minutes=5)
    assert train_vae.encoder_steps() == 2
    assert train_vae.finetune_decoder(r, run_minutes=5)
    vae, step = train_vae.load_trained(torch.device("cpu"))
    assert step == 2

    monkeypatch.setattr(data, "LATENT_CACHE", tmp / "latent_cache")
    monkeypatch.setattr(data, "LATENT_PARTS", tmp / "latent-parts")
    data.build_latent_cache(vae.encoder, step, r["dit"]["buckets"], 0, torch.device("cpu"))
    cache = dict(np.load(data.LATENT_CACHE))
    assert cache["z0"].shape == (8, 8, 3, 4, 4) and cache["z1"].shape == (4, 8, 2, 4, 6)
    assert not list(data.LATENT_PARTS.iterdir())            # finished buckets are folded into the cache

    # A run stopped after its first bucket: the next run keeps that bucket and encodes the same second one.
    def stop_at_second_bucket(x):
        if x.shape[-1] == 48:
            raise KeyboardInterrupt
        return vae.encoder(x)
    data.LATENT_CACHE.unlink()
    with pytest.raises(KeyboardInterrupt):
        data.build_latent_cache(stop_at_second_bucket, step, r["dit"]["buckets"], 0, torch.device("cpu"))
    assert len(list(data.LATENT_PARTS.glob("b0-*.npz"))) == 1
    data.build_latent_cache(vae.encoder, step, r["dit"]["buckets"], 0, torch.device("cpu"))
    rebuilt = np.load(data.LATENT_CACHE)
    for key in ("z0", "z1", "c0", "c1", "mean"):
        np.testing.assert_array_equal(rebuilt[key], cache[key])
    monkeypatch.setattr(train_dit, "LATENT_CACHE", data.LATENT_CACHE)

    bank = fake_caption_bank(tmp, World().combos())
    monkeypatch.setattr(train_dit, "TextBank", lambda: bank)
    tr = train_dit.train(r, run_minutes=5)
    assert tr.state["step"] == 3 and tr.state["done"]
    r["dit"]["steps"] = 4                                   # a raised budget continues the same run
    assert train_dit.train(r, run_minutes=5).state["step"] == 4
