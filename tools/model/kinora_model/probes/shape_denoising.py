"""At which noise level does the DiT lose a shape? A probe for the shape score.

Rendered clips of one shape are encoded by the VAE, noised to sigma0 (same noise for every row),
and sampled from there to 0 with the default Euler schedule and guidance, under a caption naming
their own shape and under one naming another. The decoded clips are classified by evaluate.py's
shape rules (evaluate.analyse). A model that keeps a square from sigma0 0.3 but not from 1.0 draws corners but cannot
decide on them; one that rounds a square even from 0.3 has not learnt low-noise detail (bundle 4982
kept 4 of 12 squares from 0.3, bundle 14447 9 of 12).

Usage: tools/kinora-model probe-shape-denoising [dit.pt] [--clips 12]
(default: TRAIN_DIR/dit.pt's EMA weights; the VAE from TRAIN_DIR/vae.pt.)
"""
import argparse

import numpy as np
import torch

from .. import evaluate, lasting_state, recipe, sampler
from ..data import TextBank
from ..dit import DiT
from ..env import DIT_CKPT, setup_torch
from ..train_vae import load_trained
from ..world import World, to_model_range

SHIFT = recipe.load()["sampler"]["shift"]

NOISE_LEVELS = (0.3, 0.5, 0.7, 0.85, 1.0)
GUIDANCE, STEPS = 4.0, 20


@torch.no_grad()
def denoise_from(dit, z0, sigma0, cond, cmask, uncond, umask, seed=0):
    """Noises normalized latents z0 to sigma0 and runs the tail of the default schedule from there."""
    noise = torch.randn(z0.shape, generator=torch.Generator().manual_seed(seed))
    x = (1 - sigma0) * z0 + sigma0 * noise
    tail = [s for s in sampler.sigmas(STEPS, SHIFT).tolist() if s < sigma0 - 1e-6]
    levels = [sigma0] + tail
    for a, b in zip(levels[:-1], levels[1:]):
        x = x + (b - a) * sampler.velocity(dit, x, float(a), cond, cmask, uncond, umask, GUIDANCE)
    return x


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", nargs="?", default=str(DIT_CKPT))
    ap.add_argument("--clips", type=int, default=12)
    a = ap.parse_args()
    setup_torch()
    dit = DiT()
    ck = torch.load(a.checkpoint, map_location="cpu")
    dit.load_state_dict(ck.get("ema", ck.get("dit")))
    dit.eval()
    ae, _ = load_trained(torch.device("cpu"))
    mean, std = (torch.from_numpy(v).view(1, -1, 1, 1, 1) for v in lasting_state.bundle_latent_stats())
    bank, world = TextBank(), World()
    combos = world.combos()
    rng = np.random.default_rng(7)
    names = [s["name"] for s in world.shapes]
    for shape in range(len(names)):
        of_shape = [i for i, c in enumerate(combos) if c[0] == shape]
        picks = [combos[i] for i in rng.choice(of_shape, a.clips, replace=False)]
        clips = np.stack([to_model_range(world.render(*c, 64, 64, 17, rng)) for c in picks])
        with torch.no_grad():
            z0 = (ae.encoder(torch.from_numpy(clips)) - mean) / std
        for caption_shape in (shape, (shape + 1) % len(names)):
            rows = [int(rng.choice(bank.by_combo[bank.combo_index[(caption_shape, *c[1:])]])) for c in picks]
            cond, cmask = bank.batch(rows)
            uncond, umask = sampler.pad_text(*bank.batch([bank.empty] * len(rows)), cond.shape[1])
            for sigma0 in NOISE_LEVELS:
                z = denoise_from(dit, z0, sigma0, cond, cmask, uncond, umask)
                with torch.no_grad():
                    frames = ae.decoder(z * std + mean)
                got = [evaluate.analyse(evaluate.frames_to_u8(f), world)["shape"] for f in frames]
                print(f"{names[shape]:8s} clips, caption says {names[caption_shape]:8s}, from sigma {sigma0:.2f}: "
                      + ", ".join(f"{n} {got.count(n)}" for n in names), flush=True)


if __name__ == "__main__":
    main()
