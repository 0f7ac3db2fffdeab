"""Writes fixtures/sampler_dpm.safetensors for a bundle whose other fixtures already exist.

Same noise and text as fixtures/sampler.safetensors, run with the reference DPM-Solver++ (2M);
new bundles get it from build_bundle.py (sampler.write_fixtures). Needs the bundle's weights as
TRAIN_DIR/exported.pt (weights_from_onnx.py recovers them from the graph).
Usage: /usr/bin/python3 tools/model/dpm_fixture.py
"""
import argparse
from pathlib import Path

import torch

import safetensors_io as st
import sampler
from common import BUNDLE_DIR, TRAIN_DIR
from dit import DiT


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default=str(BUNDLE_DIR))
    ap.add_argument("--weights", default=str(TRAIN_DIR / "exported.pt"))
    a = ap.parse_args()
    model = DiT()
    model.load_state_dict(torch.load(a.weights, map_location="cpu")["dit"])
    model.eval()
    fixtures = Path(a.bundle) / "fixtures"
    euler, meta = st.read(fixtures / "sampler.safetensors")
    final = sampler.write_sampler_fixture(
        fixtures / "sampler_dpm.safetensors", model, torch.from_numpy(euler["noise"])[None],
        torch.from_numpy(euler["cond_hidden_states"])[None], torch.from_numpy(euler["cond_attention_mask"]).long()[None],
        torch.from_numpy(euler["uncond_hidden_states"])[None],
        torch.from_numpy(euler["uncond_attention_mask"]).long()[None],
        solver="flow-dpm++2m", seed=int(meta["seed"]), steps=sampler.DPM_FIXTURE_STEPS,
        guidance=float(meta["guidance"]), shift=float(meta["shift"]), prompt=meta.get("prompt", ""))
    print(f"wrote {fixtures / 'sampler_dpm.safetensors'} ({sampler.DPM_FIXTURE_STEPS} steps, "
          f"final latents mean {float(final.mean()):.4f})")


if __name__ == "__main__":
    main()
