"""Stage: the diffusion transformer, trained on the latent cache under a recipe's "dit" section.

Resumable: DIT_CKPT holds weights, EMA weights, optimizer and step; the learning-rate schedule runs
on the step count against the recipe's budget, so several short runs equal one long one.

Conditioning (recipe dit.conditioning: kind -> probability): a sample may be given some latent
frames clean, at noise level 0, with the loss taken on the other frames only. "first" is an image
to animate, "head" the tail of an earlier window or video to extend forward, "tail" one to extend
backward, "ends" two clips to connect. The transformer then sees a noise level per latent frame.
"""
import math
import time

import numpy as np
import torch

from .data import TextBank
from .dit import DiT, param_count
from .env import DIT_CKPT, LATENT_CACHE, log, setup_torch
from .evaluate import evaluate_samples


def sample_sigma(n, shift, generator=None):
    """Logit-normal u, then the same shift the sampler uses: training time is spent where sampling is."""
    u = torch.sigmoid(torch.randn(n, generator=generator))
    return shift * u / (1 + (shift - 1) * u)


def sample_training_sigma(n, recipe_dit, generator=None):
    """The first lowShiftShare of the batch at lowShift (detail, shape), the rest at trainShift
    (motion: which way the object goes is decided at high noise)."""
    low = int(round(n * recipe_dit["lowShiftShare"]))
    return torch.cat([sample_sigma(low, recipe_dit["lowShift"], generator),
                      sample_sigma(n - low, recipe_dit["trainShift"], generator)])


def conditioning_mask(kind, frames, rng):
    """float32 [frames]: 1 for a latent frame given clean, 0 for one to generate."""
    m = np.zeros(frames, np.float32)
    if frames < 2 or kind == "none":
        return m
    k = int(rng.integers(1, frames))            # at least one frame is left to generate
    if kind == "first":
        m[0] = 1
    elif kind == "head":
        m[:k] = 1
    elif kind == "tail":
        m[frames - k:] = 1
    elif kind == "ends" and frames >= 3:
        a = int(rng.integers(1, frames - 1))
        b = int(rng.integers(1, frames - a))
        m[:a], m[frames - b:] = 1, 1
    return m


def flow_loss(model, x0, text, mask, sigma, weight=None, clean=None):
    """sigma [B]; clean: optional [B,T] mask of latent frames given at noise level 0 (no loss there);
    weight: optional [B,1,T,H,W] per-position loss weight (normalised to mean 1)."""
    noise = torch.randn_like(x0)
    frame_sigma = sigma[:, None].expand(-1, x0.shape[2]) if clean is None else sigma[:, None] * (1 - clean)
    s = frame_sigma[:, None, :, None, None]
    xt = (1 - s) * x0 + s * noise
    timestep = (sigma if clean is None else frame_sigma) * 1000.0
    v = model(xt, timestep, text, mask)
    err = (v - (noise - x0)).pow(2)
    w = torch.ones_like(err[:, :1]) if weight is None else weight
    if clean is not None:
        w = w * (1 - clean)[:, None, :, None, None]
    main = (err * w).mean() / w.mean().clamp(min=1e-8)
    # Motion auxiliary: the clean-video estimate's frame-to-frame change must match the data's.
    # Plain MSE is dominated by static content (background, color); this term only sees what moves.
    x0_hat = xt - s * v
    d_hat = x0_hat[:, :, 1:] - x0_hat[:, :, :-1]
    d_true = x0[:, :, 1:] - x0[:, :, :-1]
    motion = (d_hat - d_true).pow(2).mean()
    return main, motion


class Trainer:
    def __init__(self, device, recipe_dit):
        self.device = device
        r = recipe_dit
        self.batch, self.base_lr = r["batch"], r["lr"]
        self.model = DiT(r["dim"], r["depth"], r["heads"]).to(device)
        self.ema = DiT(r["dim"], r["depth"], r["heads"]).to(device)
        self.ema.load_state_dict(self.model.state_dict())
        self.ema.requires_grad_(False)
        self.ema_max = r["emaMax"]
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=r["lr"], weight_decay=0.01, betas=(0.9, 0.99))
        self.state = {"step": 0, "elapsed": 0.0, "done": False, "losses": []}
        if DIT_CKPT.exists():
            ck = torch.load(DIT_CKPT, map_location=device)
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
        tmp = DIT_CKPT.with_suffix(".tmp")
        torch.save({"model": self.model.state_dict(), "ema": self.ema.state_dict(), "opt": self.opt.state_dict(),
                    "state": self.state, "config": self.model.config}, tmp)
        tmp.replace(DIT_CKPT)

    @torch.no_grad()
    def update_ema(self):
        d = min(self.ema_max, (1 + self.state["step"]) / (10 + self.state["step"]))
        for pe, pm in zip(self.ema.parameters(), self.model.parameters()):
            pe.mul_(d).add_(pm.detach(), alpha=1 - d)

    def learning_rate(self, recipe_dit):
        """Warm-up (again after a restored optimizer), then a cosine down to minLrFraction over the budget."""
        frac = min(1.0, self.state["step"] / recipe_dit["steps"])
        warm = self.state["step"] - self.state.get("optimizer_since", 0) + 1
        floor = recipe_dit["minLrFraction"]
        return (self.base_lr * min(1.0, warm / recipe_dit["warmupSteps"])
                * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * frac))))


def train(recipe, run_minutes, decoder=None):
    """Trains until the recipe's step budget is reached or this run's wall-clock share is spent."""
    r = recipe["dit"]
    device = setup_torch()
    cache = np.load(LATENT_CACHE)
    mean = torch.from_numpy(cache["mean"]).view(1, -1, 1, 1, 1)
    std = torch.from_numpy(cache["std"]).view(1, -1, 1, 1, 1)
    buckets = r["buckets"]
    lat = [torch.from_numpy(cache[f"z{i}"]) for i in range(len(buckets))]
    cmb = [cache[f"c{i}"] for i in range(len(buckets))]
    obj = [torch.from_numpy(cache[f"m{i}"]) for i in range(len(buckets))]
    probs = np.array([b[4] for b in buckets])
    kinds = sorted(r["conditioning"])
    kind_p = np.array([r["conditioning"][k] for k in kinds], np.float64)
    kind_p /= kind_p.sum()
    bank = TextBank()
    tr = Trainer(device, r)
    if tr.state["step"] >= r["steps"]:      # raising the budget continues a finished stage
        tr.state["done"] = True
        return tr
    tr.state["done"] = False
    log(f"DiT {param_count(tr.model)} parameters, step {tr.state['step']}/{r['steps']}")
    rng = np.random.default_rng(1000 + tr.state["step"])
    torch.manual_seed(1000 + tr.state["step"])
    run_end = time.time() + run_minutes * 60
    last_save = time.time()
    acc_main, acc_motion, acc_n = 0.0, 0.0, 0
    while tr.state["step"] < r["steps"] and time.time() < run_end:
        t0 = time.time()
        lr = tr.learning_rate(r)
        for g in tr.opt.param_groups:
            g["lr"] = lr
        b = rng.choice(len(buckets), p=probs)
        bs = tr.batch if b == 0 else tr.batch // 2   # other buckets cost more tokens per clip
        idx = rng.integers(len(lat[b]), size=bs)
        x0 = ((lat[b][idx].float() - mean) / std).to(device)
        rows = [bank.empty if rng.random() < r["captionDropout"] else int(rng.choice(bank.by_combo[cmb[b][i]]))
                for i in idx]
        text, mask = bank.batch(rows)
        weight = (1.0 + r["objectWeight"] * obj[b][idx].float()).unsqueeze(1).to(device)
        clean = None
        if kinds != ["none"]:
            clean = torch.from_numpy(np.stack([conditioning_mask(kinds[rng.choice(len(kinds), p=kind_p)],
                                                                 x0.shape[2], rng) for _ in range(bs)])).to(device)
        main, motion = flow_loss(tr.model, x0, text.to(device), mask.to(device),
                                 sample_training_sigma(bs, r).to(device), weight, clean)
        loss = main + r["motionWeight"] * motion
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
            log(f"dit step {tr.state['step']}/{r['steps']} flow {acc_main / acc_n:.4f} motion "
                f"{acc_motion / acc_n:.4f} lr {lr:.2e} {tr.state['elapsed'] / tr.state['step']:.2f}s/step")
            acc_main, acc_motion, acc_n = 0.0, 0.0, 0
        if time.time() - last_save > 240:
            tr.save()
            last_save = time.time()
        if decoder is not None and r.get("evalEverySteps") and tr.state["step"] % r["evalEverySteps"] == 0:
            tr.save()
            evaluate_samples(tr.ema, decoder, cache["mean"], cache["std"], bank, n=24, steps=12,
                             tag=f"step{tr.state['step']}")
    tr.state["done"] = tr.state["step"] >= r["steps"]
    tr.save()
    return tr
