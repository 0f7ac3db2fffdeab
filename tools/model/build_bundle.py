"""One command that reproduces models/tiny-shapes/ from nothing:

  world -> captions -> embeddings -> VAE -> decoder fine-tune -> latent cache -> DiT -> export -> fixtures (+ eval)

Every stage is resumable and skipped when already done (state under /root/kinora-train/); on a
machine without that state, the committed bundle and tools/model/weights/ seed it (lasting_state.py).
--minutes bounds this run; training stops early enough to export the bundle before the budget
ends, so the CPU recipe can be several shorter runs. Re-running after the stage budgets are spent
only re-exports.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from common import BUNDLE_DIR, REPO, TRAIN_DIR, log, setup_torch  # first: sets OpenMP policy before torch loads

import numpy as np
import torch

import lasting_state

EXPORT_RESERVE_MIN = 4.0      # minutes kept for export, fixtures and the final evaluation
FIXTURE_CAPTION = "a red circle moves left on black"


def stage_captions():
    import captions
    from world import World
    if (TRAIN_DIR / "captions.json").exists():
        return
    rows = captions.build_pool(World())
    captions.write_pool(rows, TRAIN_DIR / "captions.txt", TRAIN_DIR / "captions.json")
    log(f"captions: {len(rows)} ({sum(r['split'] == 'train' for r in rows)} train)")


def embed(txt, out):
    """Runs the project's Java text encoder (tools/embed-captions, or $KINORA_EMBED_CMD) on a caption file."""
    if not (BUNDLE_DIR / "model.json").exists():
        # The CLI reads the text-encoder section of the manifest; write one before any graph exists.
        import export
        from common import LATENT_CHANNELS
        BUNDLE_DIR.mkdir(parents=True, exist_ok=True)
        export.write_manifest(BUNDLE_DIR, steps=0, params=0, latent_mean=[0.0] * LATENT_CHANNELS,
                              latent_std=[1.0] * LATENT_CHANNELS, shift=2.0, guidance=4.0, description="bootstrap")
    cmd = os.environ.get("KINORA_EMBED_CMD", str(REPO / "tools" / "embed-captions")).split()
    tmp = str(out) + ".tmp"
    subprocess.run(cmd + [str(txt), tmp], check=True)
    os.replace(tmp, out)


def stage_embeddings():
    from train_dit import EMBEDDINGS
    if not EMBEDDINGS.exists():
        embed(TRAIN_DIR / "captions.txt", EMBEDDINGS)
        log("embeddings written")


def fixture_text(bank):
    """Cond = a fixed training caption, uncond = the empty prompt (different L on purpose: tests padding)."""
    rows = [r["text"] for r in bank.rows]
    r = rows.index(FIXTURE_CAPTION) if FIXTURE_CAPTION in rows else 1
    h, m = bank.batch([r])
    hu, mu = bank.batch([bank.empty])
    return bank.rows[r]["text"], h[0].numpy(), m[0].numpy(), hu[0].numpy(), mu[0].numpy()


def stage_export(guidance=4.0, evaluate_too=True):
    import export
    import sampler
    from dit import DiT
    from train_dit import CACHE, CKPT, SHIFT, TextBank, load_vae
    from train_vae import REPORT as VAE_REPORT
    device = torch.device("cpu")
    decoder = load_vae(device).decoder
    torch.manual_seed(0)
    dit = DiT()
    steps, minutes, losses, dit_state = 0, 0.0, [], {}
    if CKPT.exists():
        ck = torch.load(CKPT, map_location=device)
        dit.load_state_dict(ck["ema"])   # EMA weights sample better than the raw ones
        dit_state = ck["state"]
        steps, minutes, losses = dit_state["step"], dit_state["elapsed"] / 60, dit_state["losses"]
    else:
        # Untrained bundle: adaLN-zero makes a fresh model output exactly 0, which would make the
        # parity fixtures vacuous; small random values in the zero-initialised layers fix that.
        with torch.no_grad():
            for name, p in dit.named_parameters():
                if not p.abs().sum():
                    p.normal_(0.0, 0.02)
    if CACHE.exists():
        c = np.load(CACHE)
        mean, std = c["mean"], c["std"]
    elif (BUNDLE_DIR / "model.json").exists():
        # No cache, as after a restore that trained the decoder only: the statistics belong to the
        # encoder, which the restored state shares with the bundle, so the bundle's stay right.
        mean, std = lasting_state.bundle_latent_stats()
    else:
        mean, std = np.zeros(8, np.float32), np.ones(8, np.float32)
    vae = json.loads(VAE_REPORT.read_text()) if VAE_REPORT.exists() else {}
    desc = (f"Tiny Sora-style text-to-video model for the synthetic 'tiny-shapes' world (tools/model/world.json): "
            f"causal 3D conv VAE (4x time, 8x space, 8 channels) + {sum(p.numel() for p in dit.parameters()) / 1e6:.1f}M "
            f"parameter diffusion transformer, rectified flow, {steps} training steps on CPU.")
    manifest = export.export_bundle(dit, decoder, steps=steps, latent_mean=mean, latent_std=std, shift=SHIFT,
                                    guidance=guidance, description=desc, decoder_steps=vae.get("decoderSteps"))
    # Exactly the weights in the graphs, for parity checks against ONNX Runtime (tools/model/parity/).
    torch.save({"dit": dit.state_dict(), "decoder": decoder.state_dict(), "version": manifest["version"]},
               TRAIN_DIR / "exported.pt")
    bank = TextBank()
    prompt, h, m, hu, mu = fixture_text(bank)
    sampler.write_fixtures(BUNDLE_DIR / "fixtures", dit, decoder, mean, std, h, m, hu, mu,
                           shift=SHIFT, guidance=guidance, prompt=prompt)
    log("fixtures written")
    if steps:
        lasting_state.save(manifest["version"], dit_state)
    report = {"version": manifest["version"], "ditSteps": steps, "ditMinutes": round(minutes, 1),
              "ditSecondsPerStep": round(minutes * 60 / steps, 2) if steps else None,
              "parameters": manifest["transformer"]["parameters"], "vae": vae,
              "lastLosses": losses[-5:], "latentMean": [float(x) for x in mean], "latentStd": [float(x) for x in std]}
    if evaluate_too and steps:
        import evaluate
        report["evalTrain"] = evaluate.run(dit, mean, std, bank, n=48, steps=20, guidance=guidance, shift=SHIFT,
                                           split="train", tag=f"export-{steps}", decoder=decoder)["score"]
        report["evalParaphrase"] = evaluate.run(dit, mean, std, bank, n=24, steps=20, guidance=guidance, shift=SHIFT,
                                                split="paraphrase", tag=f"export-{steps}", decoder=decoder)["score"]
    (TRAIN_DIR / "report.json").write_text(json.dumps(report, indent=1))
    log("report", json.dumps({k: v for k, v in report.items() if k != "lastLosses"}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=305, help="wall-clock budget of this run (export included)")
    ap.add_argument("--vae-minutes", type=float, default=18, help="total VAE training budget (all runs)")
    ap.add_argument("--decoder-minutes", type=float, default=84,
                    help="total budget of the frozen-encoder decoder fine-tune (whole frames)")
    ap.add_argument("--dit-minutes", type=float, default=185, help="total DiT training budget (all runs)")
    ap.add_argument("--export-only", action="store_true", help="skip training; export what the checkpoints hold")
    ap.add_argument("--guidance", type=float, default=4.0)
    ap.add_argument("--no-eval", action="store_true")
    a = ap.parse_args()
    setup_torch()
    TRAIN_DIR.mkdir(parents=True, exist_ok=True)
    end = time.time() + a.minutes * 60
    left = lambda: (end - time.time()) / 60 - EXPORT_RESERVE_MIN
    stage_captions()
    stage_embeddings()
    restored = lasting_state.restore()
    if not a.export_only:
        import train_dit
        import train_vae
        if restored:
            # The committed encoder is the latent space the committed DiT was trained in: training it
            # further would leave that DiT behind. The decoder stage keeps the encoder frozen, so a
            # continued run may go on with it, and with the DiT.
            vae_done = left() > 0 and train_vae.finetune_decoder(a.decoder_minutes, left())
        else:
            done = train_vae.encoder_minutes()
            if train_dit.CKPT.exists() and done is not None and a.vae_minutes * 60 > done * 60 + 1:
                # Training the encoder further moves the latent space out from under the DiT.
                raise SystemExit(f"--vae-minutes {a.vae_minutes} would train the VAE encoder past its {done:.1f} min "
                                 f"while {train_dit.CKPT} was trained on its latents: keep --vae-minutes at most "
                                 f"{done:.1f}, or delete dit.pt to train both again")
            vae_done = left() > 0 and train_vae.train(a.vae_minutes, left())
            vae_done = vae_done and left() > 0 and train_vae.finetune_decoder(a.decoder_minutes, left())
        if vae_done and left() > 0:
            train_dit.build_cache()
            if restored:
                cache = np.load(train_dit.CACHE)
                lasting_state.check_latent_stats(cache["mean"], cache["std"])
            if left() > 0:
                train_dit.train(a.dit_minutes, left())
    stage_export(guidance=a.guidance, evaluate_too=not a.no_eval)


if __name__ == "__main__":
    sys.exit(main())
