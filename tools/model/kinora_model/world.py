"""The synthetic world: one flat-colored shape on a flat background, moving in one of a few ways.

All vocabulary and motion parameters come from world.json, which the Java evaluator also reads,
so a scorer can reconstruct what a caption should look like.
"""
import itertools
import json
import math

import numpy as np

from .env import WORLD_JSON


class World:
    def __init__(self, path=WORLD_JSON):
        with open(path) as f:
            self.spec = json.load(f)
        self.colors = self.spec["colors"]
        self.backgrounds = self.spec["backgrounds"]
        self.shapes = self.spec["shapes"]
        self.motions = self.spec["motions"]
        self.obj = self.spec["object"]

    def combos(self):
        """Every (shape, color, background, motion) index tuple, in a fixed order."""
        return list(itertools.product(range(len(self.shapes)), range(len(self.colors)),
                                      range(len(self.backgrounds)), range(len(self.motions))))

    def trajectory(self, motion, width, height, frames, rng, window=None):
        """Per-frame center (x, y) and radius in pixels for one clip.

        A clip of up to `window` frames (default: all of them) defines its motion over its normalized
        time u in [0, 1], so a 33-frame clip shows the same path as a 17-frame one, only slower. A longer
        clip is a long video: its object keeps the speed of a `window`-frame clip, reflects elastically
        off the frame's edges, bounces with the same period and, growing or shrinking, holds its size
        once the first window is over; its first `window` frames are exactly the short clip's.
        """
        window = frames if window is None or window >= frames else window
        o = self.obj
        # Time in windows: 0..1 over the first window, beyond 1 after it.
        u = np.arange(frames) / max(window - 1, 1)
        base = o["radiusFraction"] * min(width, height) * rng.uniform(*o["radiusJitter"])
        kind = motion["kind"]
        scale = np.ones(frames)
        if kind == "grow":
            scale = np.interp(u, [0, 1], o["growScale"])
        elif kind == "shrink":
            scale = np.interp(u, [0, 1], o["shrinkScale"])
        r = base * scale
        rmax = r.max()

        def free(size, travel):
            # Start so that the first window's path (plus the radius) stays in the frame.
            lo, hi = rmax + 1, size - rmax - 1 - travel
            return rng.uniform(lo, max(lo, hi))

        if kind == "translate":
            dx, dy = motion["direction"]
            tx, ty = o["travelFraction"] * width, o["travelFraction"] * height
            x0 = free(width, tx if dx else 0)
            y0 = free(height, ty if dy else 0)
            if dx < 0:
                x0 = width - x0
            if dy < 0:
                y0 = height - y0
            x = reflect(x0 + dx * tx * u, rmax + 1, width - rmax - 1)
            y = reflect(y0 + dy * ty * u, rmax + 1, height - rmax - 1)
        elif kind == "bounce":
            x = np.full(frames, free(width, 0))
            ground = height - rmax - 1
            y = ground - o["bounceHeightFraction"] * height * np.abs(np.sin(math.pi * o["bounces"] * u))
        else:
            x = np.full(frames, free(width, 0))
            y = np.full(frames, free(height, 0))
        return x, y, r

    def render(self, shape, color, background, motion, width, height, frames, rng, window=None, start=0):
        """Returns uint8 frames [F, H, W, 3]. Edges are anti-aliased with an analytic coverage estimate.
        window, start: frames `start`..`start+frames` of a long video whose motion is defined per
        `window` frames (see trajectory); by default the clip is one window of its own length."""
        x, y, r = (a[start:start + frames] for a in
                   self.trajectory(self.motions[motion], width, height, start + frames, rng, window))
        gy, gx = np.mgrid[0:height, 0:width].astype(np.float32) + 0.5
        gx, gy = gx[None], gy[None]
        cx, cy, rr = (a.astype(np.float32)[:, None, None] for a in (x, y, r))
        dx, dy = gx - cx, gy - cy
        name = self.shapes[shape]["name"]
        if name == "circle":
            inside = rr - np.sqrt(dx * dx + dy * dy)
        elif name == "square":
            half = rr * 0.85  # same visual area as the circle, roughly
            inside = half - np.maximum(np.abs(dx), np.abs(dy))
        elif name == "triangle":
            # Upward-pointing equilateral triangle inscribed in a circle of radius 1.15 r.
            R = rr * 1.15
            inside = np.full_like(dx, np.inf)
            for k in range(3):
                a = -math.pi / 2 + k * 2 * math.pi / 3 + math.pi  # edge normal points away from a vertex
                nx, ny = math.cos(a), math.sin(a)
                inside = np.minimum(inside, R * 0.5 - (dx * nx + dy * ny))
        else:
            raise ValueError(name)
        alpha = np.clip(inside + 0.5, 0.0, 1.0)[..., None]
        fg = np.array(self.colors[color]["rgb"], np.float32)
        bg = np.array(self.backgrounds[background]["rgb"], np.float32)
        img = bg * (1 - alpha) + fg * alpha
        return np.round(img).astype(np.uint8)


def reflect(p, lo, hi):
    """Positions p folded into [lo, hi] as an elastic bounce off both walls (a triangle wave)."""
    if hi <= lo:
        return np.full_like(p, (lo + hi) / 2)
    span = hi - lo
    q = np.mod(p - lo, 2 * span)
    return lo + np.where(q > span, 2 * span - q, q)


def to_model_range(frames_u8):
    """uint8 [F,H,W,3] -> float32 [3,F,H,W] in [-1, 1] (the VAE's pixel convention)."""
    return (frames_u8.astype(np.float32) / 127.5 - 1.0).transpose(3, 0, 1, 2)
