"""One command that makes a bundle from a recipe, from nothing or from where the last run stopped:

  world -> captions -> embeddings -> VAE -> decoder fine-tune -> latent cache -> DiT -> export -> fixtures (+ eval)

  tools/kinora-model build [--recipe tools/model/recipes/tiny-shapes.json] [--minutes M] [--dit-steps N]

Every stage is resumable and skipped when its steps are done (state under TRAIN_DIR); on a machine
without that state, the committed bundle and tools/model/weights/ seed it (lasting_state), so the
committed model continues instead of starting over. --minutes bounds this run's wall clock (training
stops early enough to export), so the CPU recipe can be several shorter runs; the recipe's steps
decide when each stage is done. Re-running once every stage is done only re-exports.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

from . import captions, export, lasting_state, sampler, train_dit, train_vae
from . import recipe as recipes
from .data import TextBank, build_latent_cache
from .dit import DiT
from .env import (
    BUILD_REPORT,
    BUNDLE_DIR,
    CAPTIONS_JSON,
    CAPTIONS_TXT,
    DIT_CKPT,
    EMBEDDINGS,
    EXPORTED,
    LATENT_CACHE,
    REPO,
    TRAIN_DIR,
    VAE_REPORT,
    log,
    setup_torch,
)
from .evaluate import evaluate_samples
from .vae import LATENT_CHANNELS
from .world import World

EXPORT_RESERVE_MIN = 4.0      # minutes kept for export, fixtures and the final evaluation
FIXTURE_CAPTION = "a red circle moves left on black"


def stage_captions(recipe):
    if CAPTIONS_JSON.exists():
        return
    c = recipe["captions"]
    rows = captions.build_pool(World(), per_combo=c["perCombo"], test_combos=c["testCombos"], seed=c["seed"])
    captions.write_pool(rows, CAPTIONS_TXT, CAPTIONS_JSON)
    log(f"captions: {len(rows)} ({sum(r['split'] == 'train' for r in rows)} train)")


def embed(recipe, txt, out):
    """Runs the project's Java text encoder (tools/embed-captions, or $KINORA_EMBED_CMD) on a caption file."""
    if not (BUNDLE_DIR / "model.json").exists():
        # The CLI reads the text-encoder section of the manifest; write one before any graph exists.
        BUNDLE_DIR.mkdir(parents=True, exist_ok=True)
        export.write_manifest(BUNDLE_DIR, recipe, steps=0, params=0, latent_mean=[0.0] * LATENT_CHANNELS,
                              latent_std=[1.0] * LATENT_CHANNELS, description="bootstrap")
    cmd = os.environ.get("KINORA_EMBED_CMD", str(REPO / "tools" / "embed-captions")).split()
    tmp = str(out) + ".tmp"
    subprocess.run(cmd + [str(txt), tmp], check=True)
    os.replace(tmp, out)


def stage_embeddings(recipe):
    if not EMBEDDINGS.exists():
        embed(recipe, CAPTIONS_TXT, EMBEDDINGS)
        log("embeddings written")


def fixture_text(bank):
    """Cond = a fixed training caption, uncond = the empty prompt (different L on purpose: tests padding)."""
    rows = [r["text"] for r in bank.rows]
    r = rows.index(FIXTURE_CAPTION) if FIXTURE_CAPTION in rows else 1
    h, m = bank.batch([r])
    hu, mu = bank.batch([bank.empty])
    return bank.rows[r]["text"], h[0].numpy(), m[0].numpy(), hu[0].numpy(), mu[0].numpy()


def load_exportable_dit(recipe):
    """The DiT's EMA weights (they sample better than the raw ones) and its training state."""
    r = recipe["dit"]
    torch.manual_seed(0)
    dit = DiT(r["dim"], r["depth"], r["heads"])
    if DIT_CKPT.exists():
        ck = torch.load(DIT_CKPT, map_location="cpu")
        dit.load_state_dict(ck["ema"])
        return dit, ck["state"]
    # Untrained bundle: adaLN-zero makes a fresh model output exactly 0, which would make the parity
    # fixtures vacuous; small random values in the zero-initialised layers fix that.
    with torch.no_grad():
        for p in dit.parameters():
            if not p.abs().sum():
                p.normal_(0.0, 0.02)
    return dit, {}


def latent_stats():
    if LATENT_CACHE.exists():
        c = np.load(LATENT_CACHE)
        return c["mean"], c["std"]
    if (BUNDLE_DIR / "model.json").exists():
        # No cache, as after a restore that trained the decoder only: the statistics belong to the
        # encoder, which the restored state shares with the bundle, so the bundle's stay right.
        return lasting_state.bundle_latent_stats()
    return np.zeros(LATENT_CHANNELS, np.float32), np.ones(LATENT_CHANNELS, np.float32)


def stage_export(recipe, evaluate_too=True):
    sampler_cfg = recipe["sampler"]
    shift, guidance = sampler_cfg["shift"], sampler_cfg["defaultGuidance"]
    vae = train_vae.load_trained(torch.device("cpu"))[0]
    decoder = vae.decoder
    dit, dit_state = load_exportable_dit(recipe)
    steps = dit_state.get("step", 0)
    mean, std = latent_stats()
    vae_report = json.loads(VAE_REPORT.read_text()) if VAE_REPORT.exists() else {}
    desc = (f"Tiny Sora-style text-to-video model for the synthetic '{recipe['name']}' world (tools/model/world.json): "
            f"causal 3D conv VAE (4x time, 8x space, 8 channels) + "
            f"{sum(p.numel() for p in dit.parameters()) / 1e6:.1f}M "
            f"parameter diffusion transformer, rectified flow, {steps} training steps on CPU.")
    manifest = export.export_bundle(dit, decoder, vae.encoder, recipe, steps=steps, latent_mean=mean, latent_std=std,
                                    description=desc, decoder_steps=vae_report.get("decoderSteps"))
    # Exactly the weights in the graphs, for parity checks against ONNX Runtime (tools/model/parity/).
    torch.save({"dit": dit.state_dict(), "decoder": decoder.state_dict(), "version": manifest["version"]}, EXPORTED)
    bank = TextBank()
    prompt, h, m, hu, mu = fixture_text(bank)
    sampler.write_fixtures(BUNDLE_DIR / "fixtures", dit, decoder, mean, std, h, m, hu, mu,
                           shift=shift, guidance=guidance, prompt=prompt)
    log("fixtures written")
    if steps:
        lasting_state.save(manifest["version"], dit_state)
    report = {"version": manifest["version"], "recipe": recipe["path"], "ditSteps": steps,
              "ditMinutes": round(dit_state.get("elapsed", 0.0) / 60, 1),
              "parameters": manifest["transformer"]["parameters"], "vae": vae_report,
              "lastLosses": dit_state.get("losses", [])[-5:], "latentMean": [float(x) for x in mean],
              "latentStd": [float(x) for x in std]}
    if evaluate_too and steps:
        for split, n in (("train", 48), ("paraphrase", 24)):
            report["eval" + split.capitalize()] = evaluate_samples(
                dit, decoder, mean, std, bank, n=n, steps=sampler_cfg["defaultSteps"], guidance=guidance,
                shift=shift, split=split, tag=f"export-{steps}")["score"]
    BUILD_REPORT.write_text(json.dumps(report, indent=1))
    log("report", json.dumps({k: v for k, v in report.items() if k != "lastLosses"}))


def train_stages(recipe, restored, left):
    """Runs the training stages in order while this run has minutes left (left() > 0)."""
    if restored:
        # The committed encoder is the latent space the committed DiT was trained in: training it further
        # would leave that DiT behind. The decoder stage keeps the encoder frozen, so it may go on, and the DiT.
        vae_done = left() > 0 and train_vae.finetune_decoder(recipe, left())
    else:
        done = train_vae.encoder_steps()
        if DIT_CKPT.exists() and done is not None and recipe["vae"]["steps"] > done:
            # Training the encoder further moves the latent space out from under the DiT.
            raise SystemExit(f"vae.steps {recipe['vae']['steps']} would train the VAE encoder past its {done} steps "
                             f"while {DIT_CKPT} was trained on its latents: keep vae.steps at most {done}, or delete "
                             f"dit.pt to train both again")
        vae_done = left() > 0 and train_vae.train(recipe, left())
        vae_done = vae_done and left() > 0 and train_vae.finetune_decoder(recipe, left())
    if not (vae_done and left() > 0):
        return
    encoder, vae_step = train_vae.load_trained(setup_torch())
    r = recipe["dit"]
    build_latent_cache(encoder.encoder, vae_step, r["buckets"], r["cacheSeed"], setup_torch())
    if restored:
        lasting_state.check_latent_stats(*latent_stats())
    if left() > 0:
        train_dit.train(recipe, left(), decoder=encoder.decoder)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recipe", default=str(recipes.DEFAULT))
    ap.add_argument("--minutes", type=float, default=360, help="wall-clock budget of this run (export included)")
    ap.add_argument("--vae-steps", type=int, help="raise the recipe's VAE budget (recorded in model.json)")
    ap.add_argument("--decoder-steps", type=int, help="raise the recipe's decoder budget")
    ap.add_argument("--dit-steps", type=int, help="raise the recipe's DiT budget, e.g. to continue the committed model")
    ap.add_argument("--export-only", action="store_true", help="skip training; export what the checkpoints hold")
    ap.add_argument("--no-eval", action="store_true")
    a = ap.parse_args(argv)
    recipe = recipes.override_steps(recipes.load(a.recipe), a.vae_steps, a.decoder_steps, a.dit_steps)
    setup_torch()
    TRAIN_DIR.mkdir(parents=True, exist_ok=True)
    end = time.time() + a.minutes * 60
    stage_captions(recipe)
    stage_embeddings(recipe)
    restored = lasting_state.restore()
    if not a.export_only:
        train_stages(recipe, restored, lambda: (end - time.time()) / 60 - EXPORT_RESERVE_MIN)
    stage_export(recipe, evaluate_too=not a.no_eval)


if __name__ == "__main__":
    sys.exit(main())
