"""Shared paths and runtime setup for the tiny-shapes training tools."""
import os
import pathlib

# Idle OpenMP threads must sleep, not spin: torch's OpenMP pool and OpenBLAS's own threads take
# turns on the same 2 cores, and spinning made a DiT step 2-4x slower (measured). Read when the
# OpenMP runtime starts, so this module is imported before torch by every entry point.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORLD_JSON = HERE / "world.json"
BUNDLE_DIR = REPO / "models" / "tiny-shapes"
# Checkpoints and caches live outside the repo so they survive a re-clone.
TRAIN_DIR = pathlib.Path(os.environ.get("KINORA_TRAIN_DIR", "/root/kinora-train"))

LATENT_CHANNELS = 8
TEMPORAL_COMPRESSION = 4
SPATIAL_COMPRESSION = 8


def setup_torch():
    """Pick the device; on CPU keep to 2 threads (the build machine has 2 cores shared with other jobs)."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    torch.set_num_threads(int(os.environ.get("KINORA_THREADS", "2")))
    return torch.device("cpu")


def log(*args):
    import time
    print(time.strftime("%H:%M:%S"), *args, flush=True)
