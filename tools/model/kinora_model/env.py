"""Paths and runtime setup shared by every part of the model package."""
import os
import pathlib
import time

import torch

PACKAGE = pathlib.Path(__file__).resolve().parent
MODEL_TOOLS = PACKAGE.parent                       # tools/model
REPO = MODEL_TOOLS.parent.parent
WORLD_JSON = MODEL_TOOLS / "world.json"
RECIPES = MODEL_TOOLS / "recipes"
LASTING_WEIGHTS = MODEL_TOOLS / "weights" / "vae.safetensors"
BUNDLE_DIR = pathlib.Path(os.environ.get("KINORA_BUNDLE_DIR", REPO / "models" / "tiny-shapes"))
# Checkpoints and caches: $KINORA_TRAIN_DIR, else tools/model/work/ (ignored by git). Point it outside
# the checkout to keep a run's state across re-clones.
TRAIN_DIR = pathlib.Path(os.environ.get("KINORA_TRAIN_DIR", MODEL_TOOLS / "work"))

VAE_CKPT = TRAIN_DIR / "vae.pt"
VAE_REPORT = TRAIN_DIR / "vae_report.json"
DIT_CKPT = TRAIN_DIR / "dit.pt"
LATENT_CACHE = TRAIN_DIR / "latents.npz"
LATENT_PARTS = TRAIN_DIR / "latent-parts"   # finished buckets of a cache still being built
CAPTIONS_TXT = TRAIN_DIR / "captions.txt"
CAPTIONS_JSON = TRAIN_DIR / "captions.json"
EMBEDDINGS = TRAIN_DIR / "embeddings.safetensors"
EXPORTED = TRAIN_DIR / "exported.pt"
EVAL_LOG = TRAIN_DIR / "eval.jsonl"
BUILD_REPORT = TRAIN_DIR / "report.json"


def setup_torch():
    """Picks the device; on CPU keeps to $KINORA_THREADS threads (2: the build machine's cores)."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    torch.set_num_threads(int(os.environ.get("KINORA_THREADS", "2")))
    return torch.device("cpu")


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)
