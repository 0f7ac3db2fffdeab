"""Reference sampler: defines exactly what the Java denoiser computes, and writes parity fixtures.

- Noise "kinora-gauss-v1": SplitMix64 seeded with the job seed, uniforms in (0,1] from the top 53
  bits, Box-Muller pairs in double (cos then sin) cast to float32, filling [C,T,H,W] in C order.
- Schedule: s_i = 1 - i/N, sigma_i = shift*s_i / (1 + (shift-1)*s_i), i = 0..N, in double;
  the timestep (float)(sigma_i*1000) and the step (float)(sigma_{i+1} - sigma_i) are rounded once
  to float32, and the update x + dt*v is done in float32.
- Euler on the rectified flow x_sigma = (1-sigma)*x0 + sigma*noise, v = noise - x0:
  x <- x + (sigma_{i+1} - sigma_i) * v(x, sigma_i * 1000, text).
- Classifier-free guidance v = v_u + g*(v_c - v_u); cond and uncond text are padded to one L with mask 0.
- The result is in normalized latent space; the decoder receives z*std + mean per channel.
"""
import math

import numpy as np
import torch

from . import safetensors_io as st

MASK64 = (1 << 64) - 1
TIMESTEP_SCALE = 1000.0


class KinoraGauss:
    """The kinora-gauss-v1 generator (bit-exact with the Java implementation)."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        return ((self.next_u64() >> 11) + 1) * (2.0 ** -53)   # in (0, 1], so log() is finite

    def gaussians(self, count):
        out = np.empty(count, dtype=np.float32)
        i = 0
        while i < count:
            u1, u2 = self.uniform(), self.uniform()
            r = math.sqrt(-2.0 * math.log(u1))
            a = 2.0 * math.pi * u2
            out[i] = r * math.cos(a)
            if i + 1 < count:
                out[i + 1] = r * math.sin(a)   # dropped when the count is odd
            i += 2
        return out


def initial_noise(seed, shape):
    """Noise tensor [C,T,H,W] for one job."""
    return KinoraGauss(seed).gaussians(int(np.prod(shape))).reshape(shape)


def sigmas(steps, shift):
    s = 1.0 - np.arange(steps + 1, dtype=np.float64) / steps
    return shift * s / (1.0 + (shift - 1.0) * s)


def pad_text(h, m, length):
    """Pads hidden states [B,L,D] and mask [B,L] to `length` tokens with zeros (mask 0)."""
    extra = length - h.shape[1]
    if extra <= 0:
        return h, m
    h = torch.cat([h, h.new_zeros(h.shape[0], extra, h.shape[2])], dim=1)
    m = torch.cat([m, m.new_zeros(m.shape[0], extra)], dim=1)
    return h, m


@torch.no_grad()
def velocity(model, x, sigma, cond, cond_mask, uncond, uncond_mask, guidance):
    """The guided velocity at noise level sigma; both passes as one batch of two, as in Java."""
    B = x.shape[0]
    t = torch.full((B,), sigma * TIMESTEP_SCALE, dtype=torch.float32)
    if guidance == 1.0:
        return model(x, t, cond, cond_mask)
    v2 = model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([cond, uncond]), torch.cat([cond_mask, uncond_mask]))
    vc, vu = v2.chunk(2)
    return vu + guidance * (vc - vu)


def _lambda(sigma):
    """log(alpha/sigma), the log signal-to-noise ratio DPM-Solver++ steps in (-inf at sigma = 1)."""
    return math.log((1.0 - sigma) / sigma) if sigma < 1.0 else -math.inf


def sample(model, noise, cond, cond_mask, uncond, uncond_mask, steps, guidance, shift, trajectory=None,
           solver="flow-euler"):
    """Denoises noise [B,C,T,H,W] (normalized latent space). Text: [B,L,384] float, masks [B,L] int64.
    solver: "flow-euler" or "flow-dpm++2m" (the Java FlowDpmSolver2MScheduler's formulas).
    Appends the latents after every step to `trajectory` when given."""
    L = max(cond.shape[1], uncond.shape[1])
    cond, cond_mask = pad_text(cond, cond_mask, L)
    uncond, uncond_mask = pad_text(uncond, uncond_mask, L)
    x = noise.clone()
    sig = sigmas(steps, shift)
    prev_x0, prev_h = None, math.nan
    for i in range(steps):
        # sigmas, timestep and step size are computed in double and rounded once to float32.
        v = velocity(model, x, sig[i], cond, cond_mask, uncond, uncond_mask, guidance)
        if solver == "flow-euler":
            dt = torch.tensor(sig[i + 1] - sig[i], dtype=torch.float32)
            x = x + dt * v
        elif solver == "flow-dpm++2m":
            s, nxt = float(sig[i]), float(sig[i + 1])
            x0 = x - torch.tensor(s, dtype=torch.float32) * v
            if nxt == 0.0:
                x = x0
            else:
                h = _lambda(nxt) - _lambda(s)
                d = x0
                if math.isfinite(prev_h) and math.isfinite(h):
                    r = prev_h / h
                    a = torch.tensor(1.0 + 1.0 / (2.0 * r), dtype=torch.float32)
                    b = torch.tensor(1.0 / (2.0 * r), dtype=torch.float32)
                    d = a * x0 - b * prev_x0
                keep = torch.tensor(nxt / s, dtype=torch.float32)
                take = torch.tensor((1.0 - nxt) - (1.0 - s) * nxt / s, dtype=torch.float32)
                x = keep * x + take * d
                prev_x0, prev_h = x0, h
        else:
            raise ValueError(f"unknown solver {solver}")
        if trajectory is not None:
            trajectory.append(x.clone())
    return x


def denormalize(z, mean, std):
    mean = torch.as_tensor(mean, dtype=torch.float32).view(1, -1, 1, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(1, -1, 1, 1, 1)
    return z * std + mean


# Enough steps for the second-order update to act (the first two and the last step are first order).
DPM_FIXTURE_STEPS = 6


def write_sampler_fixture(path, dit, noise, cond_t, cmask, uncond_t, umask, *, solver, seed, steps, guidance, shift,
                          prompt):
    """One sampler run's inputs, per-step latents and result, for the Java parity tests; returns the result."""
    traj = []
    with torch.inference_mode():
        final = sample(dit, noise, cond_t, cmask, uncond_t, umask, steps, guidance, shift, trajectory=traj,
                       solver=solver)
    tensors = {"noise": noise[0].numpy(),
               "cond_hidden_states": cond_t[0].numpy(), "cond_attention_mask": cmask[0].numpy().astype(np.float32),
               "uncond_hidden_states": uncond_t[0].numpy(),
               "uncond_attention_mask": umask[0].numpy().astype(np.float32),
               "sigmas": sigmas(steps, shift).astype(np.float32),
               "latents_per_step": torch.stack(traj, 0)[:, 0].numpy(),
               "final_latents": final[0].numpy()}
    st.write(path, tensors,
             {"seed": seed, "generator": "kinora-gauss-v1", "steps": steps, "guidance": guidance, "shift": shift,
              "solver": solver, "timestepScale": TIMESTEP_SCALE, "prompt": prompt, "shape": "8,5,8,8",
              "note": "latents_per_step[i] = latents after step i+1 (normalized space); masks stored as float32 0/1"})
    return final


def write_fixtures(out_dir, dit, decoder, latent_mean, latent_std, cond, cond_mask, uncond, uncond_mask,
                   shift, guidance, prompt="", steps=4, seed=7):
    """Small float32 safetensors files the Java tests compare against (see module docstring)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    dit, decoder = dit.eval().cpu(), decoder.eval().cpu()
    st.write(out_dir / "noise_seed42.safetensors", {"noise": initial_noise(42, (8, 5, 8, 8))},
             {"generator": "kinora-gauss-v1", "seed": 42, "shape": "8,5,8,8"})

    noise = torch.from_numpy(initial_noise(seed, (8, 5, 8, 8)))[None]
    cond_t = torch.as_tensor(cond, dtype=torch.float32)[None]
    cmask = torch.as_tensor(cond_mask, dtype=torch.int64)[None]
    uncond_t = torch.as_tensor(uncond, dtype=torch.float32)[None]
    umask = torch.as_tensor(uncond_mask, dtype=torch.int64)[None]
    run = dict(seed=seed, steps=steps, guidance=guidance, shift=shift, prompt=prompt)
    final = write_sampler_fixture(out_dir / "sampler.safetensors", dit, noise, cond_t, cmask, uncond_t, umask,
                                  solver="flow-euler", **run)
    write_sampler_fixture(out_dir / "sampler_dpm.safetensors", dit, noise, cond_t, cmask, uncond_t, umask,
                          solver="flow-dpm++2m", **{**run, "steps": DPM_FIXTURE_STEPS})

    with torch.no_grad():
        z = denormalize(final, latent_mean, latent_std)
        frames = decoder(z).clamp(-1, 1)
    st.write(out_dir / "decoder.safetensors", {"latents": z[0].numpy(), "frames": frames[0].numpy()},
             {"note": "latents are un-normalized (z*std+mean) = what vae_decoder.onnx receives; "
                      "frames [3,F,H,W] in [-1,1]"})
