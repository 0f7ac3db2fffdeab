import os
import pathlib
import sys

# Tests never touch a real training folder: everything they write goes under pytest's tmp dirs.
os.environ.setdefault("KINORA_TRAIN_DIR", str(pathlib.Path(__file__).resolve().parent.parent / "work" / "pytest"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
