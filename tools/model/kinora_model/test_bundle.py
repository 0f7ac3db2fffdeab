"""Writes a tiny bundle for the Java tests of what the committed bundle lacks: a transformer that takes a
noise level per latent frame, and a VAE encoder (media to latents), each with a PyTorch fixture:

  tools/kinora-model test-bundle kinora-testkit/bundles/tiny-random

model.json (transformer, vaeEncoder and the decoder's latent statistics), transformer.onnx and
vae_encoder.onnx (random weights, narrow layers), fixture.safetensors (latents, per-frame timesteps with
frame 0 given clean in sample 0, text, mask, the prediction) and encoder_fixture.safetensors (frames
and the normalized latents).
"""
import json
import pathlib
import sys

import torch

from . import safetensors_io as st
from .dit import DiT
from .export import encoder_section, export_encoder, export_transformer, sha256_file
from .vae import LATENT_CHANNELS, Encoder


def write(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(11)
    dit = DiT(dim=48, depth=1, heads=2)
    with torch.no_grad():
        for p in dit.parameters():
            p.normal_(0.0, 0.1)                    # adaLN-zero would make every output 0
    dit.eval()
    export_transformer(dit, out / "transformer.onnx", timestep_per_frame=True)
    B, T, H, W, L = 2, 3, 4, 6, 5
    g = torch.Generator().manual_seed(12)
    latents = torch.randn(B, LATENT_CHANNELS, T, H, W, generator=g)
    timestep = torch.tensor([[0.0, 700.0, 700.0], [250.0, 250.0, 250.0]])
    hidden = torch.randn(B, L, 384, generator=g)
    mask = torch.ones(B, L)
    mask[1, 3:] = 0
    with torch.no_grad():
        prediction = dit(latents, timestep, hidden, mask.long())
    st.write(out / "fixture.safetensors",
             {"latents": latents.numpy(), "timestep": timestep.numpy(), "encoder_hidden_states": hidden.numpy(),
              "encoder_attention_mask": mask.numpy(), "prediction": prediction.numpy()},
             {"note": "timestep = sigma * 1000 per latent frame; sample 0's frame 0 is given clean"})
    encoder = Encoder(ch=(4, 8, 8, 8)).eval()
    export_encoder(encoder, out / "vae_encoder.onnx")
    frames = torch.rand(1, 3, 5, 16, 24, generator=g) * 2 - 1
    mean, std = torch.linspace(-0.2, 0.2, LATENT_CHANNELS), torch.linspace(0.5, 1.5, LATENT_CHANNELS)
    with torch.no_grad():
        normalized = (encoder(frames) - mean.view(1, -1, 1, 1, 1)) / std.view(1, -1, 1, 1, 1)
    st.write(out / "encoder_fixture.safetensors", {"frames": frames.numpy(), "latents": normalized.numpy()},
             {"note": "latents normalized with the manifest's vaeDecoder.latentMean/latentStd"})
    manifest = {
        "format": 1, "name": "per-frame-test", "version": "test",
        "description": "tools/kinora-model test-bundle: random weights, for tests of the per-frame timestep path",
        "transformer": {
            "file": "transformer.onnx", "sha256": sha256_file(out / "transformer.onnx"),
            "inputs": {"latents": "latents", "timestep": "timestep", "encoderHiddenStates": "encoder_hidden_states",
                       "encoderAttentionMask": "encoder_attention_mask"},
            "output": "prediction", "prediction": "flow", "timestepScale": 1000.0, "timestepPerFrame": True,
            "latentChannels": LATENT_CHANNELS, "patchSize": [1, 2, 2],
            "parameters": sum(p.numel() for p in dit.parameters()),
        },
        "vaeEncoder": encoder_section(out),
        "vaeDecoder": {"latentChannels": LATENT_CHANNELS, "temporalCompression": 4, "spatialCompression": 8,
                       "latentMean": [round(float(v), 6) for v in mean],
                       "latentStd": [round(float(v), 6) for v in std]},
    }
    (out / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    write(sys.argv[1])
