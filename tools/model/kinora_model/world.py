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

    def trajectory(self, motion, width, height, frames, rng):
        """Per-frame center (x, y) and radius in pixels for one clip.

        Motion is defined over the clip's normalized time u in [0, 1], so a 33-frame clip shows
        the same path as a 17-frame one, only slower.
        """
        o = self.obj
        u = np.linspace(0.0, 1.0, frames)
        base = o["radiusFraction"] * min(width, height) * rng.uniform(*o["radiusJitter"])
        kind = motion["kind"]
        scale = np.ones(frames)
        if kind == "grow":
            scale = np.interp(u, [0, 1], o["growScale"])
        elif kind == "shrink":
            scale = np.interp(u, [0, 1], o["shrinkScale"])
        r = base * scale
        rmax = r.max()

        def free(lo_extent, size, travel):
            # Start so that the whole path (plus the radius) stays in the frame.
            lo, hi = rmax + 1, size - rmax - 1 - travel
            return rng.uniform(lo, max(lo, hi))

        if kind == "translate":
            dx, dy = motion["direction"]
            tx, ty = o["travelFraction"] * width, o["travelFraction"] * height
            x0 = free(0, width, tx if dx else 0)
            y0 = free(0, height, ty if dy else 0)
            if dx < 0:
                x0 = width - x0
            if dy < 0:
                y0 = height - y0
            x = x0 + dx * tx * u
            y = y0 + dy * ty * u
        elif kind == "bounce":
            x = np.full(frames, free(0, width, 0))
            ground = height - rmax - 1
            y = ground - o["bounceHeightFraction"] * height * np.abs(np.sin(math.pi * o["bounces"] * u))
        else:
            x = np.full(frames, free(0, width, 0))
            y = np.full(frames, free(0, height, 0))
        return x, y, r

    def render(self, shape, color, background, motion, width, height, frames, rng):
        """Returns uint8 frames [F, H, W, 3]. Edges are anti-aliased with an analytic coverage estimate."""
        x, y, r = self.trajectory(self.motions[motion], width, height, frames, rng)
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


def to_model_range(frames_u8):
    """uint8 [F,H,W,3] -> float32 [3,F,H,W] in [-1, 1] (the VAE's pixel convention)."""
    return (frames_u8.astype(np.float32) / 127.5 - 1.0).transpose(3, 0, 1, 2)
