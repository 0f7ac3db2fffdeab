"""Stage: the video autoencoder, trained on freshly rendered clips (rendering is cheaper than disk),
then its decoder fine-tuned alone with the encoder frozen. Budgets are the recipe's steps.

Resumable: VAE_CKPT holds weights, optimizer and the step counts of both stages; the learning-rate
schedules run on those counts, so several short runs equal one long one.
"""
import json
import math
import time

import numpy as np
import torch

from .env import TRAIN_DIR, VAE_CKPT, VAE_REPORT, log, setup_torch
from .vae import VideoAE
from .world import World, to_model_range


def render_batch(world, rng, n, width, height, frames, crop=None):
    """Clips [n,3,F,H,W] in [-1,1] plus a per-pixel weight that emphasises the object over the background.

    crop: side of a square window placed around the object (the VAE is convolutional, so training on
    windows teaches it the same thing at a fraction of the cost)."""
    xs, ws = [], []
    combos = world.combos()
    for _ in range(n):
        s, c, b, m = combos[rng.integers(len(combos))]
        v = world.render(s, c, b, m, width, height, frames, rng)
        bg = np.array(world.backgrounds[b]["rgb"], np.int16)
        obj = (np.abs(v.astype(np.int16) - bg).sum(-1) > 0).astype(np.float32)  # [F,H,W]
        if crop:
            ys, xs_ = np.nonzero(obj[frames // 2])
            cy, cx = (int(ys.mean()), int(xs_.mean())) if len(ys) else (height // 2, width // 2)
            y0 = int(np.clip(cy - rng.integers(4, crop - 4), 0, height - crop))
            x0 = int(np.clip(cx - rng.integers(4, crop - 4), 0, width - crop))
            v, obj = v[:, y0:y0 + crop, x0:x0 + crop], obj[:, y0:y0 + crop, x0:x0 + crop]
        xs.append(to_model_range(v))
        ws.append(1.0 + 9.0 * obj[None])
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ws))


def psnr(model, world, device, n=32, seed=99):
    """PSNR (peak-to-peak 2 for [-1,1] frames) on fixed 64x64x17 clips, whole frame and object pixels only."""
    rng = np.random.default_rng(seed)
    model.eval()
    mse_all, mse_obj = [], []
    with torch.no_grad():
        for i in range(0, n, 8):
            x, w = render_batch(world, rng, 8, 64, 64, 17)
            x = x.to(device)
            y = model(x)[0].clamp(-1, 1).cpu()
            err = (y - x.cpu()).pow(2).mean(1, keepdim=True)
            mse_all.append(err.mean().item())
            obj = (w > 1.5).float()
            mse_obj.append(((err * obj).sum() / obj.sum().clamp(min=1)).item())
    model.train()
    def f(m):
        return 10 * math.log10(4.0 / max(np.mean(m), 1e-10))
    return f(mse_all), f(mse_obj)


def same_parameters(opt_state, parameters):
    """Whether a saved optimizer state was made for these parameters (same count and shapes)."""
    saved = opt_state["state"]
    params = list(parameters)
    ids = [i for g in opt_state["param_groups"] for i in g["params"]]
    return len(ids) == len(params) and all(
        i not in saved or saved[i]["exp_avg"].shape == p.shape for i, p in zip(ids, params))


def edge_loss(y, x, w):
    """Weighted L1 between the frames' horizontal and vertical pixel differences. Squared error alone
    is satisfied by soft edges, which is how the decoder rounded the corners of squares and triangles."""
    loss = 0.0
    for dim in (-1, -2):
        n = x.shape[dim] - 1
        def d(t):
            return t.narrow(dim, 1, n) - t.narrow(dim, 0, n)
        wd = torch.maximum(w.narrow(dim, 1, n), w.narrow(dim, 0, n))
        loss = loss + ((d(y) - d(x)).abs() * wd).mean() / wd.mean()
    return loss


def load(device):
    model = VideoAE().to(device)
    state = {"step": 0, "elapsed": 0.0, "done": False}
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.0)
    if VAE_CKPT.exists():
        ck = torch.load(VAE_CKPT, map_location=device)
        model.load_state_dict(ck["model"])
        state = ck["state"]
        if same_parameters(ck["opt"], model.parameters()):
            opt.load_state_dict(ck["opt"])
        else:
            log("VAE checkpoint from before the decoder's sharpening blocks: its optimizer starts afresh")
    return model, opt, state


def load_trained(device):
    """The trained VAE for inference, and the step of its encoder (which names its latent space)."""
    model, _, state = load(device)
    return model.eval(), state["step"]


def encoder_steps():
    """Steps the whole-VAE stage (the one that moves the encoder) has trained, or None before any."""
    if not VAE_CKPT.exists():
        return None
    return torch.load(VAE_CKPT, map_location="cpu")["state"]["step"]


def save(model, opt, state):
    tmp = VAE_CKPT.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state}, tmp)
    tmp.replace(VAE_CKPT)


def write_report(model, world, device, stage, **fields):
    """VAE_REPORT after a stage: its PSNR (whole frame and object pixels) and the given counters."""
    p_all, p_obj = psnr(model, world, device)
    VAE_REPORT.write_text(json.dumps({"psnr": p_all, "psnrObject": p_obj, **fields}, indent=1))
    log(f"{stage} done: PSNR {p_all:.2f} dB (object pixels {p_obj:.2f} dB), {fields}")


def pick_size(recipe, rng):
    """A (width, height) drawn from the recipe's sizes [[w, h, p], ...]."""
    sizes = recipe["sizes"]
    i = rng.choice(len(sizes), p=np.array([s[2] for s in sizes]) / sum(s[2] for s in sizes))
    return sizes[i][0], sizes[i][1]


def train(recipe, run_minutes):
    """Trains the whole VAE until recipe vae.steps (all runs) or this run's minutes. Returns True when done."""
    r = recipe["vae"]
    device = setup_torch()
    TRAIN_DIR.mkdir(parents=True, exist_ok=True)
    world = World()
    model, opt, state = load(device)
    # "done" follows the budget asked for now, so raising vae.steps continues a finished stage.
    if state["step"] >= r["steps"]:
        return True
    state["done"] = False
    rng = np.random.default_rng(r["seed"] + state["step"])
    run_end, last_save = time.time() + run_minutes * 60, time.time()
    clip_frames = [f for f, _ in r["clipFrames"]]
    clip_p = np.array([p for _, p in r["clipFrames"]]) / sum(p for _, p in r["clipFrames"])
    while state["step"] < r["steps"] and time.time() < run_end:
        t0 = time.time()
        frac = state["step"] / r["steps"]
        # Constant rate, then a cosine to 5% over the last cosineTail of the stage.
        tail = max(0.0, (frac - (1 - r["cosineTail"])) / r["cosineTail"])
        lr = r["lr"] * min(1.0, (state["step"] + 1) / r["warmupSteps"]) * (
            0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * tail)))
        for g in opt.param_groups:
            g["lr"] = lr
        # Square windows (crop) of short clips from every size: ~7x cheaper than whole 64x64x9
        # clips, so many more steps fit in the budget; the VAE is convolutional, so it learns the same.
        w_, h_ = pick_size(recipe, rng)
        x, w = render_batch(world, rng, r["batch"], w_, h_, int(rng.choice(clip_frames, p=clip_p)), crop=r["crop"])
        x, w = x.to(device), w.to(device)
        z = model.encoder(x)
        # Noise on the latents makes the decoder tolerant of the imperfect latents a sampler produces;
        # the small L2 keeps the latent scale from growing to drown that noise out.
        y = model.decoder(z + r["latentNoise"] * torch.randn_like(z))
        rec = ((y - x).pow(2) * w).mean() / w.mean()
        loss = rec + r["latentL2"] * z.pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state["step"] += 1
        state["elapsed"] += time.time() - t0
        if state["step"] % 25 == 0:
            log(f"vae step {state['step']}/{r['steps']} loss {rec.item():.5f} "
                f"z_rms {z.pow(2).mean().sqrt().item():.3f} lr {lr:.2e} {time.time() - t0:.2f}s/step")
        if time.time() - last_save > 180:
            save(model, opt, state)
            last_save = time.time()
    if state["step"] >= r["steps"]:
        state["done"] = True
        write_report(model, world, device, "vae", steps=state["step"], minutes=state["elapsed"] / 60, batch=r["batch"])
    save(model, opt, state)
    return state["done"]


def finetune_decoder(recipe, run_minutes):
    """Second VAE stage: the encoder (hence the latent space the DiT is trained on) is frozen and
    only the decoder trains, on whole clips, which fixes what window training leaves behind at frame
    borders. Safe to run while, or after, the DiT trains. Resumable like train()."""
    r = recipe["decoder"]
    device = setup_torch()
    world = World()
    model, opt, state = load(device)
    state.setdefault("decoder_elapsed", 0.0)
    state.setdefault("decoder_steps", 0)
    if state["decoder_steps"] >= r["steps"]:
        return True
    model.encoder.requires_grad_(False)
    dopt = torch.optim.AdamW(model.decoder.parameters(), lr=r["lr"], weight_decay=0.0)
    if "decoder_opt" in state:
        saved = state.pop("decoder_opt")
        if same_parameters(saved, model.decoder.parameters()):
            dopt.load_state_dict(saved)
    rng = np.random.default_rng(r["seed"] + state["decoder_steps"])
    run_end, last_save = time.time() + run_minutes * 60, time.time()

    def persist():
        state["decoder_opt"] = dopt.state_dict()
        save(model, opt, state)
        state.pop("decoder_opt")

    while state["decoder_steps"] < r["steps"] and time.time() < run_end:
        t0 = time.time()
        frac = state["decoder_steps"] / r["steps"]
        for g in dopt.param_groups:
            g["lr"] = r["lr"] * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        w_, h_ = pick_size(recipe, rng)
        # Whole clips of the lengths the service decodes: trained on 9 frames only (three latent
        # frames), the decoder drew a second, ghost object in the later frames of 17-frame clips.
        frames = int(rng.choice(r["frames"]))
        x, w = render_batch(world, rng, r["batch"] if frames <= 9 else max(2, r["batch"] // 2), w_, h_, frames)
        x, w = x.to(device), w.to(device)
        with torch.no_grad():
            z = model.encoder(x)
        y = model.decoder(z + recipe["vae"]["latentNoise"] * torch.randn_like(z))
        loss = ((y - x).pow(2) * w).mean() / w.mean() + r["edgeWeight"] * edge_loss(y, x, w)
        dopt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.decoder.parameters(), 1.0)
        dopt.step()
        state["decoder_steps"] += 1
        state["decoder_elapsed"] += time.time() - t0
        if state["decoder_steps"] % 25 == 0:
            log(f"decoder step {state['decoder_steps']}/{r['steps']} loss {loss.item():.5f} "
                f"{time.time() - t0:.2f}s/step")
        if time.time() - last_save > 120:
            persist()
            last_save = time.time()
    done = state["decoder_steps"] >= r["steps"]
    if done:
        write_report(model, world, device, "decoder", steps=state["step"], decoderSteps=state["decoder_steps"],
                     minutes=(state["elapsed"] + state["decoder_elapsed"]) / 60)
    persist()
    return done
