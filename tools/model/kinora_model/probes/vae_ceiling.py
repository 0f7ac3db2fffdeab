"""How much of the evaluator's score the VAE alone allows: renders each suite prompt's scene as
world.py draws it, writes it as an MP4 (truth/) and as the VAE's reconstruction of it (vae/).
Scoring both with the Java evaluator separates what the VAE loses (say, square corners) from what
the DiT gets wrong:

  tools/kinora-model vae-ceiling OUT_DIR
  java -jar kinora-evaluator/target/kinora-evaluator.jar evaluate --videos OUT_DIR/truth
  java -jar kinora-evaluator/target/kinora-evaluator.jar evaluate --videos OUT_DIR/vae

Needs the VAE encoder, which is not in the bundle: TRAIN_DIR/vae.pt, seeded from
tools/model/weights/ when missing (lasting_state). Needs ffmpeg.
"""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from .. import lasting_state
from ..env import REPO, log, setup_torch
from ..train_vae import load_trained
from ..world import World, to_model_range

SUITE = REPO / "kinora-evaluator" / "src" / "main" / "resources" / "prompt-suite.json"


def write_mp4(frames_u8, path, fps):
    """H.264 yuv420p, as the decoder-service writes its videos (x264 crf 18, veryfast)."""
    f, h, w, _ = frames_u8.shape
    cmd = ["ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
           "-r", str(fps), "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
           "-pix_fmt", "yuv420p", str(path)]
    subprocess.run(cmd, input=np.ascontiguousarray(frames_u8).tobytes(), check=True)


def main():
    out = Path(sys.argv[1])
    (out / "truth").mkdir(parents=True, exist_ok=True)
    (out / "vae").mkdir(parents=True, exist_ok=True)
    device = setup_torch()
    lasting_state.restore()
    world = World()
    ae, _ = load_trained(device)
    def index(entries, name):
        return [e["name"] for e in entries].index(name)
    prompts = json.loads(SUITE.read_text())["prompts"]
    for p in prompts:
        e = p["expected"]
        combo = (index(world.shapes, e["shape"]), index(world.colors, e["color"]),
                 index(world.backgrounds, e["background"]), index(world.motions, e["motion"]))
        clip = world.render(*combo, p["width"], p["height"], p["frames"], np.random.default_rng(p["seed"]))
        with torch.no_grad():
            x = torch.from_numpy(to_model_range(clip))[None].to(device)
            y = ae.decoder(ae.encoder(x))[0].clamp(-1, 1).cpu().numpy()
        recon = np.round((y.transpose(1, 2, 3, 0) + 1.0) * 127.5).clip(0, 255).astype(np.uint8)
        write_mp4(clip, out / "truth" / f"{p['id']}.mp4", world.spec["fps"])
        write_mp4(recon, out / "vae" / f"{p['id']}.mp4", world.spec["fps"])
    log(f"wrote {len(prompts)} clips to {out}/truth and {out}/vae")


if __name__ == "__main__":
    main()
