"""Training data for the DiT: the latent cache (rendered clips encoded once by the trained VAE) and
the caption bank (each world combination's training captions and their text-encoder embeddings).

The cache makes a DiT step cost only the transformer. Each cached clip knows its world combination,
and every step draws one of that combination's training captions, so captions vary while the clip
pool stays fixed.
"""
import json
import math
import time

import numpy as np
import torch

from . import safetensors_io as st
from .env import CAPTIONS_JSON, EMBEDDINGS, LATENT_CACHE, LATENT_PARTS, log
from .world import World, to_model_range


def latent_object_mask(world, clip, combo):
    """uint8 [T,H/8,W/8]: 1 where a latent cell covers any object pixel of the frames it encodes
    (latent frame 0 = video frame 0, latent frame k = video frames 4k-3..4k)."""
    bg = np.array(world.backgrounds[combo[2]]["rgb"], np.int16)
    obj = np.abs(clip.astype(np.int16) - bg).sum(-1) > 0                     # [F,H,W]
    f, h, w = obj.shape
    groups = [obj[:1]] + [obj[4 * k - 3:4 * k + 1] for k in range(1, (f - 1) // 4 + 1)]
    per_t = np.stack([g.any(0) for g in groups])                             # [T,H,W]
    return per_t.reshape(len(groups), h // 8, 8, w // 8, 8).any((2, 4)).astype(np.uint8)


def bucket_clip(world, combo, bucket, rng):
    """One clip of a bucket [w, h, frames, count, p] or [w, h, frames, count, p, long_frames]: with
    long_frames, a window of `frames` cut at a random start from a long video of that many frames
    (world.json's long-video physics: edge reflections, bounces and held sizes appear in windows)."""
    w, h, f = bucket[:3]
    long_frames = bucket[5] if len(bucket) > 5 else 0
    if not long_frames:
        return world.render(*combo, w, h, f, rng)
    start = int(rng.integers(0, long_frames - f + 1))
    return world.render(*combo, w, h, f, rng, window=world.obj["longVideoWindowFrames"], start=start)


def build_latent_cache(encoder, vae_step, buckets, seed, device):
    """Renders and encodes the fixed clip set of each bucket (see bucket_clip); also the per-channel
    latent mean/std. Skipped when the cache was built by the same VAE step."""
    if LATENT_CACHE.exists():
        if int(np.load(LATENT_CACHE)["vae_step"]) == vae_step:
            return
        # The VAE trained further: latents (and any DiT trained on them) are stale.
        log("VAE changed since the latent cache was built: rebuilding it")
    world = World()
    combos = world.combos()
    out = {}
    t0 = time.time()
    for bi, bucket in enumerate(buckets):
        part = _bucket_part(bi, bucket, vae_step)
        if part.exists():
            # A run stopped mid-cache: the buckets it finished are kept, not encoded again.
            with np.load(part) as done:
                out.update({f"{k}{bi}": done[k] for k in ("z", "m", "c")})
            log(f"cached bucket {bucket[:3]} restored from {part.name}")
            continue
        # Each bucket has its own generator so a restored bucket leaves the next one's clips unchanged.
        rng = np.random.default_rng([seed, bi])
        z, m, c = _encode_bucket(world, combos, bucket, rng, encoder, device)
        tmp = part.with_name(part.name + ".tmp.npz")
        np.savez(str(tmp), z=z, m=m, c=c)
        tmp.replace(part)
        out.update({f"z{bi}": z, f"m{bi}": m, f"c{bi}": c})
        log(f"cached bucket {bucket[0]}x{bucket[1]}x{bucket[2]}: {z.shape} ({time.time() - t0:.0f}s)")
    z = out["z0"].astype(np.float32)
    out["mean"] = z.mean(axis=(0, 2, 3, 4))
    out["std"] = z.std(axis=(0, 2, 3, 4))
    out["vae_step"] = np.array(vae_step)
    tmp = LATENT_CACHE.with_name(LATENT_CACHE.name + ".tmp.npz")
    np.savez(str(tmp), **out)
    tmp.replace(LATENT_CACHE)
    for bi, bucket in enumerate(buckets):
        _bucket_part(bi, bucket, vae_step).unlink(missing_ok=True)
    log("latent mean", out["mean"].round(3).tolist(), "std", out["std"].round(3).tolist())


def _bucket_part(bi, bucket, vae_step):
    """Where one finished bucket waits until the whole cache is written; its name pins the bucket's
    shape and the VAE step, so a changed recipe or VAE never reuses it."""
    LATENT_PARTS.mkdir(parents=True, exist_ok=True)
    return LATENT_PARTS / ("b%d-%s-vae%d.npz" % (bi, "x".join(str(v) for v in bucket), vae_step))


def _encode_bucket(world, combos, bucket, rng, encoder, device):
    """Renders and encodes one bucket's clips: (latents f16, latent object masks, combination indices)."""
    count = bucket[3]
    # Cycle through all combinations so every one is in every bucket as evenly as possible.
    order = np.concatenate([rng.permutation(len(combos)) for _ in range(math.ceil(count / len(combos)))])[:count]
    lat, masks = [], []
    for i in range(0, count, 16):
        idx = order[i:i + 16]
        clips = [bucket_clip(world, combos[j], bucket, rng) for j in idx]
        x = np.stack([to_model_range(c) for c in clips])
        with torch.no_grad():
            lat.append(encoder(torch.from_numpy(x).to(device)).cpu().numpy().astype(np.float16))
        masks.append(np.stack([latent_object_mask(world, c, combos[j]) for c, j in zip(clips, idx)]))
    return np.concatenate(lat), np.concatenate(masks), order.astype(np.int32)


def cached_latent_stats():
    cache = np.load(LATENT_CACHE)
    return cache["mean"], cache["std"]


class TextBank:
    """Caption embeddings (F16 in memory) and, per world combination, the rows of its training captions."""

    def __init__(self, embeddings=EMBEDDINGS, captions=CAPTIONS_JSON):
        t, _ = st.read(embeddings)
        self.hidden = torch.from_numpy(t["hidden_states"])          # [N,L,384] f16
        self.mask = torch.from_numpy(t["attention_mask"].astype(np.int64))
        self.rows = json.loads(captions.read_text())
        self.combo_index = {tuple(c): i for i, c in enumerate(World().combos())}
        self.by_combo = [[] for _ in self.combo_index]
        for r, row in enumerate(self.rows):
            if row["split"] == "train":
                self.by_combo[self.combo_index[tuple(row["combo"])]].append(r)
        self.empty = 0   # row 0 is the empty prompt

    def batch(self, rows):
        rows = torch.as_tensor(rows)
        m = self.mask[rows]
        L = int(m.sum(1).max())
        return self.hidden[rows, :L].float(), m[:, :L]
