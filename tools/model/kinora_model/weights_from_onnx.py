"""Recovers the PyTorch DiT weights from the bundle's transformer.onnx.

The training checkpoints live outside the repository (TRAIN_DIR) and are lost with the machine;
the committed bundle is the lasting copy of the weights. This exports a DiT with random weights
through the same export function, learns which ONNX initializer holds which parameter (directly
or transposed) by value, and reads the bundle's graph through that map. It then checks the result
against the committed sampler fixture, and writes TRAIN_DIR/exported.pt (what the reference
sampler, the benchmarks and the parity cases load).
Usage: tools/kinora-model weights-from-onnx [--out FILE]
"""
import argparse
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from . import safetensors_io as st
from . import sampler
from .dit import DiT
from .env import BUNDLE_DIR, EXPORTED
from .export import export_transformer


def initializers(path):
    return {t.name: numpy_helper.to_array(t) for t in onnx.load(str(path)).graph.initializer}


def parameter_map(probe):
    """initializer name -> (state_dict key, transposed) for a DiT whose every weight is distinct."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.onnx"
        export_transformer(probe, path)
        inits = initializers(path)
    by_bytes = {}
    for name, arr in inits.items():
        by_bytes.setdefault(arr.astype(np.float32).tobytes(), []).append(name)
    mapping = {}
    for key, value in probe.state_dict().items():
        arr = value.detach().numpy().astype(np.float32)
        for transposed, candidate in ((False, arr), (True, arr.T.copy() if arr.ndim == 2 else None)):
            if candidate is not None and candidate.tobytes() in by_bytes:
                for name in by_bytes[candidate.tobytes()]:
                    mapping[name] = (key, transposed)
                break
        else:
            raise SystemExit(f"parameter {key} {tuple(arr.shape)} not found in the exported graph")
    return mapping


def bundle_sources(mapping, bundle):
    """state_dict key -> (bundle initializer name, transposed).

    A parameter the exporter kept under its own name ("blocks.0.ada.weight", as a Gemm weight) is
    taken by that name. The others carry names the exporter made up ("onnx::MatMul_3214"), whose
    node counter moves whenever the forward pass gains or loses an op elsewhere, and whether a
    Linear became a Gemm or a MatMul depends on its input's rank; but the parameters are still used
    in the same order, so the probe's and the bundle's made-up names pair by their counters."""
    def counter(name):
        return int(name.rsplit("_", 1)[1])
    sources, pending = {}, []
    for name, (key, transposed) in mapping.items():
        if key in bundle:
            sources[key] = (key, False)
        else:
            pending.append((name, key, transposed))
    pending.sort(key=lambda entry: counter(entry[0]))
    made_up = sorted((n for n in bundle if n.startswith("onnx::") and bundle[n].dtype.kind == "f"
                      and n.rsplit("_", 1)[0] in {entry[0].rsplit("_", 1)[0] for entry in pending}), key=counter)
    if len(made_up) != len(pending):
        raise SystemExit(f"{len(pending)} unnamed parameters in the probe graph, {len(made_up)} in the bundle's")
    for (_, key, transposed), theirs in zip(pending, made_up):
        sources[key] = (theirs, transposed)
    return sources


def recover(bundle_dir):
    """The bundle's DiT as a PyTorch model, checked against the bundle's own sampler fixture."""
    torch.manual_seed(0)
    probe = DiT()
    with torch.no_grad():
        for p in probe.parameters():
            p.copy_(torch.randn_like(p))  # no zeros or ones: every parameter must be recognisable
    mapping = parameter_map(probe)
    bundle = initializers(Path(bundle_dir) / "transformer.onnx")
    state = {}
    for key, (name, transposed) in bundle_sources(mapping, bundle).items():
        arr = bundle[name]
        state[key] = torch.from_numpy((arr.T if transposed else arr).copy())
    model = DiT()
    model.load_state_dict(state)  # strict: every parameter recovered
    model.eval()

    fixture, meta = st.read(Path(bundle_dir) / "fixtures" / "sampler.safetensors")
    cond = torch.from_numpy(fixture["cond_hidden_states"])[None]
    cmask = torch.from_numpy(fixture["cond_attention_mask"]).long()[None]
    uncond = torch.from_numpy(fixture["uncond_hidden_states"])[None]
    umask = torch.from_numpy(fixture["uncond_attention_mask"]).long()[None]
    with torch.inference_mode():
        final = sampler.sample(model, torch.from_numpy(fixture["noise"])[None], cond, cmask, uncond, umask,
                               int(meta["steps"]), float(meta["guidance"]), float(meta["shift"]))
    err = float((final[0] - torch.from_numpy(fixture["final_latents"])).abs().max())
    print(f"recovered {len(state)} parameters; sampler fixture max |diff| = {err:.2e}")
    if err > 1e-4:
        raise SystemExit("recovered weights do not reproduce the committed sampler fixture")
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default=str(BUNDLE_DIR))
    ap.add_argument("--out", default=str(EXPORTED))
    a = ap.parse_args()
    model = recover(a.bundle)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    torch.save({"dit": model.state_dict(), "source": "weights_from_onnx"}, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
