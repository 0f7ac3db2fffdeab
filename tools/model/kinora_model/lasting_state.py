"""Training state that outlives the machine it was trained on.

TRAIN_DIR disappears with its machine, and the bundle alone cannot seed a new run: it has the DiT
(recoverable from transformer.onnx) but not the VAE encoder, whose latent space the DiT was trained
in. So every export also writes the whole VAE and the DiT's training counters to
tools/model/weights/vae.safetensors (committed with the bundle). On a machine without
TRAIN_DIR/vae.pt, restore() rebuilds vae.pt and dit.pt from that file and the bundle, so
`tools/kinora-model build --dit-steps N` continues the committed model instead of starting over. The
optimizer's moments are not kept (they would triple the file); a continued run starts them afresh.
"""
import json

import numpy as np
import torch

from . import safetensors_io as st
from .env import BUNDLE_DIR, DIT_CKPT, TRAIN_DIR, VAE_CKPT, VAE_REPORT, log
from .env import LASTING_WEIGHTS as WEIGHTS
from .vae import VideoAE
from .weights_from_onnx import recover


def save(version, dit_state):
    """Writes the VAE of TRAIN_DIR/vae.pt and the DiT's counters, tagged with the bundle version."""
    ck = torch.load(VAE_CKPT, map_location="cpu")
    tensors = {k: v.detach().float().numpy() for k, v in ck["model"].items()}
    vae_state = {k: v for k, v in ck["state"].items() if isinstance(v, (int, float, bool))}
    meta = {"bundleVersion": version, "vaeState": json.dumps(vae_state),
            "vaeReport": VAE_REPORT.read_text() if VAE_REPORT.exists() else "{}",
            "ditState": json.dumps({k: dit_state[k] for k in ("step", "elapsed", "done") if k in dit_state})}
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    st.write(WEIGHTS, tensors, meta)
    log(f"lasting state: VAE ({sum(t.size for t in tensors.values())} values) written to {WEIGHTS}")


def restore(bundle_dir=BUNDLE_DIR):
    """Seeds TRAIN_DIR from the committed weights when it has no VAE; returns whether it did."""
    if VAE_CKPT.exists() or not WEIGHTS.exists():
        return False
    tensors, meta = st.read(WEIGHTS)
    bundle_version = json.loads((bundle_dir / "model.json").read_text())["version"]
    if meta.get("bundleVersion") != bundle_version:
        log(f"lasting state belongs to bundle {meta.get('bundleVersion')}, not {bundle_version}: training starts over")
        return False
    vae = VideoAE()
    vae.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()})
    opt = torch.optim.AdamW(vae.parameters(), lr=2e-3, weight_decay=0.0)   # as train_vae.load makes it
    TRAIN_DIR.mkdir(parents=True, exist_ok=True)
    torch.save({"model": vae.state_dict(), "opt": opt.state_dict(), "state": json.loads(meta["vaeState"])}, VAE_CKPT)
    VAE_REPORT.write_text(meta["vaeReport"])
    dit_state = json.loads(meta["ditState"])
    if not DIT_CKPT.exists():
        dit = recover(bundle_dir)
        # The optimizer starts afresh at this step, so the continued run warms it up again.
        state = {"losses": [], **dit_state, "optimizer_since": dit_state.get("step", 0)}
        dopt = torch.optim.AdamW(dit.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99))
        weights = dit.state_dict()
        # The bundle holds the EMA weights; they seed both the trained and the averaged copy.
        torch.save({"model": weights, "ema": weights, "opt": dopt.state_dict(), "state": state,
                    "config": dit.config}, DIT_CKPT)
    log(f"lasting state: TRAIN_DIR seeded from bundle {bundle_version} (VAE and DiT step {dit_state.get('step')})")
    return True


def bundle_latent_stats(bundle_dir=BUNDLE_DIR):
    """The per-channel latent mean and std in the bundle's manifest."""
    vae = json.loads((bundle_dir / "model.json").read_text())["vaeDecoder"]
    return np.asarray(vae["latentMean"], np.float32), np.asarray(vae["latentStd"], np.float32)


def check_latent_stats(mean, std, bundle_dir=BUNDLE_DIR, tol=0.05):
    """A restored VAE must rebuild the latent space the bundle's DiT was trained in. The statistics
    are sample estimates over the cached clips, so they match closely, not exactly, if the cache's
    clip counts changed; another VAE's latents are off by far more than the tolerance."""
    bundle_mean, bundle_std = bundle_latent_stats(bundle_dir)
    gap = max(np.abs(np.asarray(mean) - bundle_mean).max(), np.abs(np.asarray(std) - bundle_std).max())
    if gap > tol:
        raise SystemExit(f"restored VAE gives latent statistics {gap:.2e} away from the bundle's: not the same model")
