import numpy as np
import torch

from kinora_model import safetensors_io as st
from kinora_model import sampler
from kinora_model.env import BUNDLE_DIR


def test_noise_generator_matches_the_committed_fixture_bit_for_bit():
    fixture, meta = st.read(BUNDLE_DIR / "fixtures" / "noise_seed42.safetensors")
    assert meta["generator"] == "kinora-gauss-v1"
    noise = sampler.initial_noise(42, tuple(int(s) for s in meta["shape"].split(",")))
    assert np.array_equal(noise, fixture["noise"])


def test_schedule_runs_from_pure_noise_to_clean_with_the_shift():
    s = sampler.sigmas(20, 2.0)
    assert s[0] == 1.0 and s[-1] == 0.0 and np.all(np.diff(s) < 0)
    # shift > 1 spends more steps at high noise than the plain linear schedule
    assert s[10] > 0.5


def test_euler_with_the_true_velocity_lands_on_the_data():
    x0 = torch.randn(1, 8, 2, 4, 4)
    noise = torch.randn_like(x0)

    def model(x, t, text, mask):          # the exact rectified-flow velocity of one known sample
        return noise.expand_as(x) - x0.expand_as(x)

    text, mask = torch.zeros(1, 3, 384), torch.ones(1, 3, dtype=torch.int64)
    out = sampler.sample(model, noise, text, mask, text, mask, steps=8, guidance=1.0, shift=2.0)
    assert torch.allclose(out, x0, atol=1e-5)


def test_safetensors_round_trip(tmp_path):
    t = {"a": np.arange(6, dtype=np.float16).reshape(2, 3), "m": np.array([[1, 0]], np.uint8),
         "i": np.array([1, -2], np.int64)}
    st.write(tmp_path / "t.safetensors", t, {"k": 1})
    r, m = st.read(tmp_path / "t.safetensors")
    assert all((r[k] == t[k]).all() and r[k].dtype == t[k].dtype for k in t) and m == {"k": "1"}
