"""Kinora's model: the synthetic world, its captions, the video VAE and the diffusion transformer,
their training under a recipe (tools/model/recipes/), the bundle export and the reference sampler.

Modules, leaves first (each imports only those above it):
  env            paths (TRAIN_DIR, the bundle), torch setup, logging
  world          the synthetic world: vocabulary and physics from world.json, clip rendering
  captions       the caption pool: training captions and held-out paraphrases
  safetensors_io the tensor file format shared with Java
  vae, dit       the models
  sampler        the reference sampler (noise generator, schedule, solvers) and parity fixtures
  recipe         a bundle's recipe: architecture, data, schedules, budgets in steps
  data           the latent cache and the caption bank
  evaluate       the Python evaluator (the Java evaluator is the reference)
  train_vae, train_dit, export, weights_from_onnx, lasting_state
  build          one command from recipe to bundle
  bench_reference, probes.*   measurement tools
Run any of them through tools/kinora-model.
"""
import os

# Idle OpenMP threads must sleep, not spin: torch's OpenMP pool and OpenBLAS's own threads take turns
# on the same 2 cores, and spinning made a DiT step 2-4x slower (measured). The runtime reads this
# when it starts, and this file runs before any module of the package can import torch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
