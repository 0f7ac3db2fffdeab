"""Cheap automatic scoring of generated videos against their captions.

A decoded video is reduced to: background (median of the border), object mask (pixels far from
the background), the mask's centroid and area per frame. From those: object color (nearest world
color), background, motion class (net displacement -> one of 8 directions; else vertical
oscillation -> bounce; else area change -> grow/shrink; else still) and shape (the Java
ShapeClassifier's three mask features against each shape's prototype). The Java evaluator is the
reference; these are the same rules, simplified (the whole mask rather than its largest component).
"""
import json
import pathlib
import sys
import time

import numpy as np
import torch

from . import sampler
from .env import EVAL_LOG, log
from .world import World


def analyse(video_u8, world):
    """video_u8 [F,H,W,3] -> dict(color, background, motion) names (None when no object is found)."""
    v = video_u8.astype(np.float32)
    F_, H, W, _ = v.shape
    border = np.concatenate([v[:, 0], v[:, -1], v[:, :, 0], v[:, :, -1]], axis=1).reshape(-1, 3)
    bg = np.median(border, axis=0)
    bg_names = [b["name"] for b in world.backgrounds]
    bg_name = bg_names[int(np.argmin([np.linalg.norm(bg - b["rgb"]) for b in world.backgrounds]))]
    mask = np.linalg.norm(v - bg, axis=-1) > 60.0                         # [F,H,W]
    area = mask.sum(axis=(1, 2)).astype(np.float32)
    if (area < 6).sum() > F_ // 4:
        return {"color": None, "background": bg_name, "motion": None, "shape": None}
    ys, xs = np.mgrid[0:H, 0:W]
    cx = (mask * xs).sum(axis=(1, 2)) / np.maximum(area, 1)
    cy = (mask * ys).sum(axis=(1, 2)) / np.maximum(area, 1)
    mid = v[F_ // 2][mask[F_ // 2]]
    col = np.median(mid, axis=0) if len(mid) else bg
    color = world.colors[int(np.argmin([np.linalg.norm(col - c["rgb"]) for c in world.colors]))]["name"]
    k = max(1, F_ // 6)
    dx = cx[-k:].mean() - cx[:k].mean()
    dy = cy[-k:].mean() - cy[:k].mean()
    dist = np.hypot(dx, dy)
    ratio = area[-k:].mean() / max(area[:k].mean(), 1.0)
    scale = min(H, W)
    if dist > 0.18 * scale:
        ang = np.degrees(np.arctan2(-dy, dx)) % 360   # 0 = right, 90 = up
        names = ["right", "up-right", "up", "up-left", "left", "down-left", "down", "down-right"]
        motion = names[int(((ang + 22.5) % 360) // 45)]
    elif cy.max() - cy.min() > 0.2 * scale:
        motion = "bounce"
    elif ratio > 1.6:
        motion = "grow"
    elif ratio < 1 / 1.6:
        motion = "shrink"
    else:
        motion = "still"
    return {"color": color, "background": bg_name, "motion": motion, "shape": classify_shape(mask)}


# (fill, top share, shoulders) per shape and the features' weights: as the Java ShapeClassifier.
SHAPE_PROTOTYPES = {"circle": (np.pi / 4, 0.5, 0.8), "square": (1.0, 0.5, 1.0), "triangle": (0.5, 0.25, 0.5)}
SHAPE_WEIGHTS = np.array([1.0, 3.0, 1.0])


def shape_features(mask):
    """(fill, top share, shoulders) of one frame's object mask [H,W], or None when it is empty."""
    rows, cols = np.nonzero(mask)
    if len(rows) == 0:
        return None
    y0, y1, x0, x1 = rows.min(), rows.max(), cols.min(), cols.max()
    box = mask[y0:y1 + 1, x0:x1 + 1]
    h = box.shape[0]
    widths = box.sum(1)
    fill = box.sum() / box.size
    mid = h / 2.0
    centers = np.arange(h) + 0.5
    top = (widths * np.where(centers < mid, 1.0, np.where(centers == mid, 0.5, 0.0))).sum() / box.sum()
    upper = int(np.floor(0.2 * h))
    shoulders = (widths[upper] + widths[h - 1 - upper]) / 2.0 / max(1, widths.max())
    return fill, top, shoulders


def classify_shape(masks):
    feats = [f for f in (shape_features(m) for m in masks) if f is not None]
    if not feats:
        return None
    med = np.median(np.array(feats), axis=0)
    return min(SHAPE_PROTOTYPES, key=lambda s: np.linalg.norm(SHAPE_WEIGHTS * (med - SHAPE_PROTOTYPES[s])))


def frames_to_u8(frames):
    """[3,F,H,W] in [-1,1] -> uint8 [F,H,W,3]."""
    f = ((frames.clamp(-1, 1) + 1) * 127.5).round().byte()
    return f.permute(1, 2, 3, 0).cpu().numpy()


def check_world_videos(n=200, seed=3):
    """Sanity check of the analyser on rendered (ground-truth) clips."""
    world = World()
    rng = np.random.default_rng(seed)
    combos = world.combos()
    ok = {"color": 0, "background": 0, "motion": 0, "shape": 0}
    for _ in range(n):
        s, c, b, m = combos[rng.integers(len(combos))]
        r = analyse(world.render(s, c, b, m, 64, 64, 17, rng), world)
        ok["color"] += r["color"] == world.colors[c]["name"]
        ok["background"] += r["background"] == world.backgrounds[b]["name"]
        ok["motion"] += r["motion"] == world.motions[m]["name"]
        ok["shape"] += r["shape"] == world.shapes[s]["name"]
    return {k: v / n for k, v in ok.items()}


@torch.no_grad()
def evaluate_samples(dit, decoder, latent_mean, latent_std, bank, n=24, steps=20, guidance=4.0, shift=2.0,
                     split="train", tag="", seed=0):
    """Generates n videos (64x64x17) for captions of `split`, scores them, appends a line to EVAL_LOG."""
    world = World()
    t0 = time.time()
    dit = dit.eval()
    rng = np.random.default_rng(seed)
    rows = [i for i, r in enumerate(bank.rows) if r["split"] == split]
    # Spread the picks over motions and shapes so every motion class and every shape is measured
    # (both caption splits hold every motion-shape pair).
    by_kind = {}
    for i in rows:
        shape, _, _, motion = bank.rows[i]["combo"]
        by_kind.setdefault((motion, shape), []).append(i)
    picks = [int(rng.choice(by_kind[(k % len(world.motions), k % len(world.shapes))])) for k in range(n)]
    results = []
    for start in range(0, n, 8):
        chunk = picks[start:start + 8]
        cond, cmask = bank.batch(chunk)
        unc, umask = bank.batch([bank.empty] * len(chunk))
        noise = torch.stack([torch.from_numpy(sampler.initial_noise(seed * 1000 + start + j, (8, 5, 8, 8)))
                             for j in range(len(chunk))])
        z = sampler.sample(dit, noise, cond, cmask, unc, umask, steps, guidance, shift)
        frames = decoder(sampler.denormalize(z, latent_mean, latent_std))
        for j, r in enumerate(chunk):
            s, c, b, m = bank.rows[r]["combo"]
            got = analyse(frames_to_u8(frames[j]), world)
            want = {"color": world.colors[c]["name"], "background": world.backgrounds[b]["name"],
                    "motion": world.motions[m]["name"], "shape": world.shapes[s]["name"]}
            results.append({"caption": bank.rows[r]["text"], "want": want, "got": got})
    score = {k: float(np.mean([r["got"][k] == r["want"][k] for r in results]))
             for k in ("color", "background", "motion", "shape")}
    for shape in world.shapes:   # per wanted shape: squares and circles differ only in their corners
        mine = [r for r in results if r["want"]["shape"] == shape["name"]]
        if mine:
            score[shape["name"]] = float(np.mean([r["got"]["shape"] == shape["name"] for r in mine]))
    kinds = {m["name"]: m["kind"] for m in world.motions}
    trans = [r for r in results if kinds[r["want"]["motion"]] == "translate"]
    score["direction"] = float(np.mean([r["got"]["motion"] == r["want"]["motion"] for r in trans])) if trans else 0.0
    score["object_found"] = float(np.mean([r["got"]["color"] is not None for r in results]))
    entry = {"tag": tag, "split": split, "n": n, "steps": steps, "guidance": guidance, "score": score,
             "seconds": round(time.time() - t0, 1), "examples": results[:12]}
    with open(EVAL_LOG, "a") as f:
        f.write(json.dumps(entry) + "\n")
    log(f"eval {tag} {split}: " + " ".join(f"{k} {v:.2f}" for k, v in score.items()) + f" ({entry['seconds']}s)")
    return entry


def analyse_raw_clips(folder):
    """Verdicts for clips given as raw RGB (folder/index.json: [{id, width, height, frames}], and
    folder/<id>.rgb): the Java evaluator's agreement test hands both evaluators the same decoded pixels."""
    world = World()
    verdicts = []
    for clip in json.loads((pathlib.Path(folder) / "index.json").read_text()):
        raw = np.fromfile(pathlib.Path(folder) / f"{clip['id']}.rgb", dtype=np.uint8)
        video = raw.reshape(clip["frames"], clip["height"], clip["width"], 3)
        verdicts.append({"id": clip["id"], **analyse(video, world)})
    return verdicts


if __name__ == "__main__":
    for verdict in analyse_raw_clips(sys.argv[1]):
        print(json.dumps(verdict))
