"""Times the PyTorch reference sampler on the same job as the Java denoiser benchmark.

Prints one JSON line: {"impl": "pytorch", "msPerVideo": [...], ...}. The weights are the ones in
the exported graphs (TRAIN_DIR/exported.pt, written by build at export, or weights-from-onnx).
Usage: tools/kinora-model bench-reference --steps 20 --runs 3 --threads 2
"""
import argparse
import json
import time

import torch

from . import sampler
from .dit import DiT
from .env import EXPORTED


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--shape", default="8,5,8,8", help="latent C,T,H,W (64x64x17 by default)")
    ap.add_argument("--weights", default=str(EXPORTED))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = DiT()
    model.load_state_dict(torch.load(a.weights, map_location="cpu")["dit"])
    model.eval()
    shape = tuple(int(s) for s in a.shape.split(","))
    noise = torch.from_numpy(sampler.initial_noise(7, shape))[None]
    gen = torch.Generator().manual_seed(1)
    cond = torch.randn(1, 11, 384, generator=gen)
    uncond = torch.randn(1, 2, 384, generator=gen)
    cmask = torch.ones(1, 11, dtype=torch.int64)
    umask = torch.ones(1, 2, dtype=torch.int64)
    times = []
    with torch.inference_mode():
        sampler.sample(model, noise, cond, cmask, uncond, umask, 2, 4.0, 2.0)  # warm-up
        for _ in range(a.runs):
            start = time.perf_counter()
            sampler.sample(model, noise, cond, cmask, uncond, umask, a.steps, 4.0, 2.0)
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "threads": a.threads, "steps": a.steps,
                      "shape": a.shape, "msPerVideo": [round(t, 1) for t in times]}))


if __name__ == "__main__":
    main()
