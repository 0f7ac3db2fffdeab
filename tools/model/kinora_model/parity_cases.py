"""Writes torch reference cases for tools/model/parity/OnnxParity.java: each input and the expected
output as raw float32 little-endian files plus a cases.txt index, at shapes other than the export's
trace shape. Usage: tools/kinora-model parity-cases [OUT_DIR] (default TRAIN_DIR/parity)."""
import pathlib
import sys

import numpy as np
import torch

from .dit import DiT
from .env import EXPORTED, TRAIN_DIR
from .vae import Decoder, ExportDecoder


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(1)
    # The weights the last build exported (saved next to the checkpoints).
    exported = torch.load(EXPORTED, map_location="cpu")
    dit = DiT()
    dit.load_state_dict(exported["dit"])
    dit.eval()
    decoder = Decoder()
    decoder.load_state_dict(exported["decoder"])
    dec = ExportDecoder(decoder).eval()
    print("cases for bundle", exported["version"])
    lines = []

    def dump(name, arrays):
        for k, v in arrays.items():
            v = np.ascontiguousarray(v.detach().numpy().astype(np.float32))
            v.astype("<f4").tofile(out / f"{name}.{k}.bin")
            lines.append(f"{name} {k} " + ",".join(map(str, v.shape)))

    dit_cases = {"dit_a": (2, 5, 8, 8, 11), "dit_b": (1, 9, 8, 12, 5), "dit_c": (1, 5, 12, 8, 3)}
    for name, (B, T, H, W, L) in dit_cases.items():
        x, t = torch.randn(B, 8, T, H, W), torch.rand(B) * 1000
        h, m = torch.randn(B, L, 384), torch.ones(B, L)
        m[-1, L // 2:] = 0   # padded tokens must not matter
        with torch.no_grad():
            y = dit(x, t, h, m.long())
        dump(name, {"latents": x, "timestep": t, "encoder_hidden_states": h, "encoder_attention_mask": m,
                    "prediction": y})
    for name, (T, H, W) in {"vae_a": (5, 8, 8), "vae_b": (3, 12, 8), "vae_c": (9, 8, 12)}.items():
        z = torch.randn(1, 8, T, H, W)
        with torch.no_grad():
            f = dec(z)
        dump(name, {"latents": z, "frames": f})
    (out / "cases.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else TRAIN_DIR / "parity")
