"""Stages: latent cache, then the diffusion transformer trained on the cached latents.

The cache (rendered clips encoded once by the trained VAE) makes a DiT step cost only the
transformer. Each cached clip knows its world combination, and every step draws one of that
combination's training captions, so captions vary while the clip pool stays fixed.
Resumable: /root/kinora-train/dit.pt (weights, EMA weights, optimizer, step, seconds spent).
"""
import json
import math
import time

from common import TRAIN_DIR, log, setup_torch  # first: sets OpenMP policy before torch loads

import numpy as np
import torch

import safetensors_io as st
from dit import DiT, param_count
from vae import VideoAE
from world import World, to_model_range

CACHE = TRAIN_DIR / "latents.npz"
CKPT = TRAIN_DIR / "dit.pt"
EMBEDDINGS = TRAIN_DIR / "embeddings.safetensors"
CAPTIONS = TRAIN_DIR / "captions.json"
# (width, height, frames, number of cached clips, probability a training step uses this bucket).
# Three clips per world combination in the main bucket (1152 combinations): with 1.5 (bundle 2035)
# each combination was seen at one or two positions and sizes only, which invites memorising.
BUCKETS = [(64, 64, 17, 3456, 0.76), (96, 64, 17, 240, 0.08), (64, 96, 17, 240, 0.08), (64, 64, 33, 240, 0.08)]
SHIFT = 2.0            # the sampler's default timestep shift (model.json)
# Training samples noise levels with a larger shift: which way the object goes is decided at high
# noise, and at shift 2 / motion weight 1 the first ~1400 steps learned color, background, bounce,
# grow and shrink but not direction (same noise -> same direction whatever the caption).
TRAIN_SHIFT = 3.0
# ...but at shift 3 only ~7% of steps see sigma < 0.4, where a shape's corners are drawn: started
# from clean squares' latents noised to sigma 0.3, bundle 4982 kept 4 of 12 (probe_shape_denoising.py).
# So a share of each batch draws sigma at shift LOW_SHIFT (median 0.5) instead.
LOW_SHIFT = 1.0
LOW_SHIFT_SHARE = 0.5
CAPTION_DROPOUT = 0.1
MOTION_WEIGHT = 3.0    # weight of the temporal-difference auxiliary loss
# Latent positions the object touches weigh (1 + OBJECT_WEIGHT) in the flow loss: the object is a
# small part of the frame, and plain MSE let the background and the color win over its outline
# (bundle 3894 drew every shape round).
OBJECT_WEIGHT = 4.0   # 2 up to bundle 4982, which drew 2 of 16 template squares as squares
# A continued run starts a fresh optimizer (lasting_state keeps no moments): warm it up again.
WARMUP_STEPS = 100


def load_vae(device, with_step=False):
    ae = VideoAE().to(device)
    ck = torch.load(TRAIN_DIR / "vae.pt", map_location=device)
    ae.load_state_dict(ck["model"])
    return (ae.eval(), ck["state"]["step"]) if with_step else ae.eval()


def build_cache(seed=5):
    """Renders and encodes the fixed clip set; also computes per-channel latent mean/std."""
    device = setup_torch()
    ae, vae_step = load_vae(device, with_step=True)
    if CACHE.exists():
        if int(np.load(CACHE)["vae_step"]) == vae_step:
            return
        # The VAE trained further: latents (and any DiT trained on them) are stale.
        log("VAE changed since the latent cache was built: rebuilding it"
            + ("; dit.pt was trained on the old latents, delete it to start the DiT over" if CKPT.exists() else ""))
    world = World()
    rng = np.random.default_rng(seed)
    combos = world.combos()
    out = {}
    t0 = time.time()
    for bi, (w, h, f, count, _) in enumerate(BUCKETS):
        # Cycle through all combinations so every one is in every bucket as evenly as possible.
        order = np.concatenate([rng.permutation(len(combos)) for _ in range(math.ceil(count / len(combos)))])[:count]
        lat, masks = [], []
        for i in range(0, count, 16):
            idx = order[i:i + 16]
            clips = [world.render(*combos[j], w, h, f, rng) for j in idx]
            x = np.stack([to_model_range(c) for c in clips])
            with torch.no_grad():
                lat.append(ae.encoder(torch.from_numpy(x).to(device)).cpu().numpy().astype(np.float16))
            masks.append(np.stack([latent_object_mask(world, c, combos[j]) for c, j in zip(clips, idx)]))
        out[f"z{bi}"] = np.concatenate(lat)
        out[f"m{bi}"] = np.concatenate(masks)
        out[f"c{bi}"] = order.astype(np.int32)
        log(f"cached bucket {w}x{h}x{f}: {out[f'z{bi}'].shape} ({time.time() - t0:.0f}s)")
    z = out["z0"].astype(np.float32)
    out["mean"] = z.mean(axis=(0, 2, 3, 4))
    out["std"] = z.std(axis=(0, 2, 3, 4))
    out["vae_step"] = np.array(vae_step)
    np.savez(str(CACHE) + ".tmp.npz", **out)
    (TRAIN_DIR / "latents.npz.tmp.npz").replace(CACHE)
    log("latent mean", out["mean"].round(3).tolist(), "std", out["std"].round(3).tolist())


def latent_object_mask(world, clip, combo):
    """uint8 [T,H/8,W/8]: 1 where a latent cell covers any object pixel of the frames it encodes
    (latent frame 0 = video frame 0, latent frame k = video frames 4k-3..4k)."""
    bg = np.array(world.backgrounds[combo[2]]["rgb"], np.int16)
    obj = np.abs(clip.astype(np.int16) - bg).sum(-1) > 0                     # [F,H,W]
    f, h, w = obj.shape
    groups = [obj[:1]] + [obj[4 * k - 3:4 * k + 1] for k in range(1, (f - 1) // 4 + 1)]
    per_t = np.stack([g.any(0) for g in groups])                             # [T,H,W]
    return per_t.reshape(len(groups), h // 8, 8, w // 8, 8).any((2, 4)).astype(np.uint8)


class TextBank:
    """Caption embeddings (F16 in memory) and, per world combination, the rows of its training captions."""

    def __init__(self):
        t, _ = st.read(EMBEDDINGS)
        self.hidden = torch.from_numpy(t["hidden_states"])          # [N,L,384] f16
        self.mask = torch.from_numpy(t["attention_mask"].astype(np.int64))
        rows = json.loads(CAPTIONS.read_text())
        self.rows = rows
        world = World()
        self.combo_index = {tuple(c): i for i, c in enumerate(world.combos())}
        self.by_combo = [[] for _ in self.combo_index]
        for r, row in enumerate(rows):
            if row["split"] == "train":
                self.by_combo[self.combo_index[tuple(row["combo"])]].append(r)
        self.empty = 0   # row 0 is the empty prompt

    def batch(self, rows):
        rows = torch.as_tensor(rows)
        m = self.mask[rows]
        L = int(m.sum(1).max())
        return self.hidden[rows, :L].float(), m[:, :L]


def sample_sigma(n, shift, generator=None):
    """Logit-normal u, then the same shift the sampler uses: training time is spent where sampling is."""
    u = torch.sigmoid(torch.randn(n, generator=generator))
    return shift * u / (1 + (shift - 1) * u)


def sample_training_sigma(n, generator=None):
    """The first LOW_SHIFT_SHARE of the batch at LOW_SHIFT (detail, shape), the rest at TRAIN_SHIFT (motion)."""
    low = int(round(n * LOW_SHIFT_SHARE))
    return torch.cat([sample_sigma(low, LOW_SHIFT, generator), sample_sigma(n - low, TRAIN_SHIFT, generator)])


def flow_loss(model, x0, text, mask, sigma, weight=None):
    """weight: optional [B,1,T,H,W] per-position loss weight (normalised to mean 1)."""
    noise = torch.randn_like(x0)
    s = sigma.view(-1, 1, 1, 1, 1)
    xt = (1 - s) * x0 + s * noise
    v = model(xt, sigma * 1000.0, text, mask)
    target = noise - x0
    err = (v - target).pow(2)
    main = err.mean() if weight is None else (err * weight).mean() / weight.mean()
    # Motion auxiliary: the clean-video estimate's frame-to-frame change must match the data's.
    # Plain MSE is dominated by static content (background, color); this term only sees what moves.
    x0_hat = xt - s * v
    d_hat = x0_hat[:, :, 1:] - x0_hat[:, :, :-1]
    d_true = x0[:, :, 1:] - x0[:, :, :-1]
    motion = (d_hat - d_true).pow(2).mean()
    return main, motion


class Trainer:
    def __init__(self, device, dim=192, depth=6, heads=6, lr=5e-4, batch=32):
        self.device = device
        self.batch, self.base_lr = batch, lr
        self.model = DiT(dim, depth, heads).to(device)
        self.ema = DiT(dim, depth, heads).to(device)
        self.ema.load_state_dict(self.model.state_dict())
        self.ema.requires_grad_(False)
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.99))
        self.state = {"step": 0, "elapsed": 0.0, "done": False, "losses": []}
        if CKPT.exists():
            ck = torch.load(CKPT, map_location=device)
            # A checkpoint from before the model grew new modules (registered last, zero-initialised
            # outputs) resumes with fresh values and optimizer state for just those.
            missing = self.model.load_state_dict(ck["model"], strict=False).missing_keys
            ema = dict(ck["ema"])
            ema.update({k: v for k, v in self.model.state_dict().items() if k in missing})
            self.ema.load_state_dict(ema)
            opt = ck["opt"]
            opt["param_groups"][0]["params"] = list(range(len(list(self.model.parameters()))))
            self.opt.load_state_dict(opt)
            self.state = ck["state"]
            if missing:
                log("new parameters since the checkpoint:", missing)
                self.state.setdefault("notes", []).append(f"step {self.state['step']}: added {missing}")

    def save(self):
        tmp = CKPT.with_suffix(".tmp")
        torch.save({"model": self.model.state_dict(), "ema": self.ema.state_dict(), "opt": self.opt.state_dict(),
                    "state": self.state, "config": self.model.config}, tmp)
        tmp.replace(CKPT)

    @torch.no_grad()
    def update_ema(self):
        d = min(0.999, (1 + self.state["step"]) / (10 + self.state["step"]))
        for pe, pm in zip(self.ema.parameters(), self.model.parameters()):
            pe.mul_(d).add_(pm.detach(), alpha=1 - d)


def train(stage_minutes, run_minutes, eval_every_minutes=30):
    device = setup_torch()
    cache = np.load(CACHE)
    mean = torch.from_numpy(cache["mean"]).view(1, -1, 1, 1, 1)
    std = torch.from_numpy(cache["std"]).view(1, -1, 1, 1, 1)
    lat = [torch.from_numpy(cache[f"z{i}"]) for i in range(len(BUCKETS))]
    cmb = [cache[f"c{i}"] for i in range(len(BUCKETS))]
    obj = [torch.from_numpy(cache[f"m{i}"]) for i in range(len(BUCKETS))]
    probs = np.array([b[4] for b in BUCKETS])
    bank = TextBank()
    tr = Trainer(device)
    if tr.state["elapsed"] >= stage_minutes * 60:   # raising --dit-minutes continues a finished stage
        return tr
    log(f"DiT {param_count(tr.model)} parameters, step {tr.state['step']}, {tr.state['elapsed'] / 60:.1f} min done")
    rng = np.random.default_rng(1000 + tr.state["step"])
    torch.manual_seed(1000 + tr.state["step"])
    budget, run_end = stage_minutes * 60, time.time() + run_minutes * 60
    last_save, last_eval = time.time(), tr.state["elapsed"]
    acc_main, acc_motion, acc_n = 0.0, 0.0, 0
    while tr.state["elapsed"] < budget and time.time() < run_end:
        t0 = time.time()
        frac = tr.state["elapsed"] / budget
        warm = tr.state["step"] - tr.state.get("optimizer_since", 0) + 1
        lr = tr.base_lr * min(1.0, warm / WARMUP_STEPS) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in tr.opt.param_groups:
            g["lr"] = lr
        b = rng.choice(len(BUCKETS), p=probs)
        bs = tr.batch if b == 0 else tr.batch // 2   # bigger buckets cost more tokens per clip
        idx = rng.integers(len(lat[b]), size=bs)
        x0 = ((lat[b][idx].float() - mean) / std).to(device)
        rows = [bank.empty if rng.random() < CAPTION_DROPOUT else int(rng.choice(bank.by_combo[cmb[b][i]]))
                for i in idx]
        text, mask = bank.batch(rows)
        weight = (1.0 + OBJECT_WEIGHT * obj[b][idx].float()).unsqueeze(1).to(device)
        main, motion = flow_loss(tr.model, x0, text.to(device), mask.to(device), sample_training_sigma(bs).to(device),
                                 weight)
        loss = main + MOTION_WEIGHT * motion
        tr.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(tr.model.parameters(), 1.0)
        tr.opt.step()
        tr.update_ema()
        tr.state["step"] += 1
        tr.state["elapsed"] += time.time() - t0
        acc_main, acc_motion, acc_n = acc_main + main.item(), acc_motion + motion.item(), acc_n + 1
        if tr.state["step"] % 50 == 0:
            tr.state["losses"].append([tr.state["step"], acc_main / acc_n, acc_motion / acc_n])
            log(f"dit step {tr.state['step']} flow {acc_main / acc_n:.4f} motion {acc_motion / acc_n:.4f} lr {lr:.2e} "
                f"{tr.state['elapsed'] / tr.state['step']:.2f}s/step elapsed {tr.state['elapsed'] / 60:.1f}/{stage_minutes} min")
            acc_main, acc_motion, acc_n = 0.0, 0.0, 0
        if time.time() - last_save > 240:
            tr.save()
            last_save = time.time()
        if eval_every_minutes and tr.state["elapsed"] - last_eval > eval_every_minutes * 60:
            last_eval = tr.state["elapsed"]
            tr.save()
            import evaluate
            evaluate.run(tr.ema, cache["mean"], cache["std"], bank, n=24, steps=12, tag=f"step{tr.state['step']}")
    if tr.state["elapsed"] >= budget:
        tr.state["done"] = True
    tr.save()
    return tr


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage-minutes", type=float, default=80)
    ap.add_argument("--minutes", type=float, default=80)
    a = ap.parse_args()
    build_cache()
    train(a.stage_minutes, a.minutes)
