"""Can the text encoder tell which color (or shape) a held-out word means?

Embeds every color word of world.json (training `words`, `extraWords`, and the suite's
`heldOutWords`) with the project's Java text encoder, alone and inside short captions, mean-pools
the token states, and classifies each held-out word by (a) the nearest class centroid of the
training words and (b) a ridge-regression linear probe fitted on them. What a linear read-out of
MiniLM cannot do, the DiT's text conditioning is unlikely to learn from the same training words.
Usage: tools/kinora-model probe-color-words [colors|shapes]
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from .. import safetensors_io as st
from ..env import REPO, WORLD_JSON

CONTEXTS = {
    "colors": {
        "alone": ["{}", "{} color", "the color {}"],
        "in captions": ["a {} circle", "a {} square moving left on black", "the {} triangle"],
    },
    "shapes": {
        "alone": ["{}", "a {}", "the shape {}"],
        "in captions": ["a red {}", "a blue {} moving left on black", "the green {}"],
    },
}
TRAINING_KINDS = {"words": ("words",), "words + extraWords": ("words", "extraWords")}


def embed_pooled(lines, tmp):
    txt, out = Path(tmp) / "captions.txt", Path(tmp) / "captions.safetensors"
    txt.write_text("\n".join(lines) + "\n")
    subprocess.run([str(REPO / "tools" / "embed-captions"), str(txt), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    tensors = st.read(out)
    tensors = tensors[0] if isinstance(tensors, tuple) else tensors
    hidden = np.asarray(tensors["hidden_states"], dtype=np.float32)
    mask = np.asarray(tensors["attention_mask"], dtype=np.float32)
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def scores(x, labels, kinds, train_kinds, classes):
    train = np.isin(kinds, train_kinds)
    test = kinds == "heldOutWords"
    centroids = np.stack([x[train & (labels == c)].mean(0) for c in range(classes)])
    nearest = np.mean(np.argmax(x[test] @ centroids.T, 1) == labels[test])
    onehot = np.eye(classes)[labels[train]]
    w = np.linalg.solve(x[train].T @ x[train] + 0.1 * np.eye(x.shape[1]), x[train].T @ onehot)
    probe = np.mean(np.argmax(x[test] @ w, 1) == labels[test])
    return nearest, probe


def main():
    section = sys.argv[1] if len(sys.argv) > 1 else "colors"
    colors = json.loads(WORLD_JSON.read_text())[section]
    print(f"{'context':12} {'trained on':20} {'nearest centroid':>17} {'linear probe':>13}   "
          f"(held-out words, chance {1 / len(colors):.2f})")
    with tempfile.TemporaryDirectory() as tmp:
        for context, templates in CONTEXTS[section].items():
            lines, labels, kinds = [], [], []
            for ci, color in enumerate(colors):
                for kind in ("words", "extraWords", "heldOutWords"):
                    for word in color.get(kind, []):
                        for template in templates:
                            lines.append(template.format(word))
                            labels.append(ci)
                            kinds.append(kind)
            x = embed_pooled(lines, tmp)
            for name, train_kinds in TRAINING_KINDS.items():
                nearest, probe = scores(x, np.array(labels), np.array(kinds), train_kinds, len(colors))
                print(f"{context:12} {name:20} {nearest:17.2f} {probe:13.2f}")


if __name__ == "__main__":
    main()
