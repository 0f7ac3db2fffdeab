"""Small causal 3D convolutional video autoencoder.

Compression: 8x in space (three stride-2 stages), 4x in time (two causal stride-2 stages) with the
first frame kept on its own: F = 1 + 4k frames <-> 1 + k latent frames. Causality (padding only
at the front in time) means latent frame 0 depends on video frame 0 alone, like an image latent.
Full-resolution stages use 2D (1x3x3) kernels to keep CPU training cheap; time is mixed at the
lower resolutions where it costs little.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT_CHANNELS = 8
TEMPORAL_COMPRESSION = 4
SPATIAL_COMPRESSION = 8


class CausalConv3d(nn.Module):
    def __init__(self, cin, cout, kt=3, ks=3, st=1, ss=1):
        super().__init__()
        self.kt, self.ks = kt, ks
        self.conv = nn.Conv3d(cin, cout, (kt, ks, ks), stride=(st, ss, ss))

    def forward(self, x):
        p = self.ks // 2
        # (W left, W right, H top, H bottom, T front, T back): time is padded only at the front.
        return self.conv(F.pad(x, (p, p, p, p, self.kt - 1, 0)))


class ResBlock(nn.Module):
    def __init__(self, ch, kt):
        super().__init__()
        self.n1 = nn.GroupNorm(8, ch)
        self.c1 = CausalConv3d(ch, ch, kt=kt)
        self.n2 = nn.GroupNorm(8, ch)
        self.c2 = CausalConv3d(ch, ch, kt=kt)

    def forward(self, x):
        h = self.c1(F.silu(self.n1(x)))
        return x + self.c2(F.silu(self.n2(h)))


class Encoder(nn.Module):
    def __init__(self, ch=(16, 48, 64, 96), zc=LATENT_CHANNELS):
        super().__init__()
        c0, c1, c2, c3 = ch
        self.layers = nn.Sequential(
            CausalConv3d(3, c0, kt=1),
            CausalConv3d(c0, c1, kt=1, ss=2),          # H/2
            ResBlock(c1, kt=3),
            CausalConv3d(c1, c2, kt=3, st=2, ss=2),    # H/4, T: 1+4k -> 1+2k
            ResBlock(c2, kt=3),
            CausalConv3d(c2, c3, kt=3, st=2, ss=2),    # H/8, T: 1+2k -> 1+k
            ResBlock(c3, kt=3),
            nn.GroupNorm(8, c3), nn.SiLU(),
            CausalConv3d(c3, zc, kt=1, ks=1),
        )

    def forward(self, x):
        return self.layers(x)


class Upsample(nn.Module):
    """Nearest 2x upsampling in space, and in time for all frames but the first (1+k -> 1+2k).

    Nearest Resize exports to ONNX with constant scales only, so nothing depends on the traced size.
    """
    def __init__(self, temporal):
        super().__init__()
        self.temporal = temporal

    def forward(self, x):
        if not self.temporal:
            return F.interpolate(x, scale_factor=(1.0, 2.0, 2.0), mode="nearest")
        first = F.interpolate(x[:, :, :1], scale_factor=(1.0, 2.0, 2.0), mode="nearest")
        rest = F.interpolate(x[:, :, 1:], scale_factor=(2.0, 2.0, 2.0), mode="nearest")
        return torch.cat([first, rest], dim=2)


class Decoder(nn.Module):
    """Latents -> frames: the base layers, plus `sharpening` extra ResBlocks after the last base
    layer of each scale (H/8, H/4, H/2, H). The base decoder alone drew squares and triangles as
    blurry round blobs (the evaluator then read them as circles); the extra depth, trained with an
    edge loss (train_vae.finetune_decoder), sharpens them. Extra blocks start as the identity (zero
    last conv) and have their own parameter names, so a checkpoint with fewer of them (the base
    decoder included) loads and decodes exactly as before (upgrade_state_dict)."""
    SCALES = ("h8", "h4", "h2", "h1")

    def __init__(self, ch=(16, 48, 64, 96), zc=LATENT_CHANNELS, sharpening=(1, 1, 1, 2)):
        super().__init__()
        c0, c1, c2, c3 = ch
        self.layers = nn.Sequential(
            CausalConv3d(zc, c3, kt=3),
            ResBlock(c3, kt=3),
            Upsample(temporal=True), CausalConv3d(c3, c2, kt=3),   # H/4, 1+2k
            ResBlock(c2, kt=3),
            Upsample(temporal=True), CausalConv3d(c2, c1, kt=3),   # H/2, 1+4k
            ResBlock(c1, kt=1),
            Upsample(temporal=False), CausalConv3d(c1, c0, kt=1),  # H
            nn.GroupNorm(8, c0), nn.SiLU(),
            CausalConv3d(c0, 3, kt=1),
        )
        # Per scale: the base layer its extra blocks follow, their width and temporal kernel.
        places = {"h8": (1, c3, 1), "h4": (4, c2, 3), "h2": (7, c1, 1), "h1": (9, c0, 1)}
        self.after = {}
        self.sharpen = nn.ModuleDict()
        for scale, count in zip(self.SCALES, sharpening):
            layer, width, kt = places[scale]
            self.after[layer] = scale
            blocks = nn.ModuleList(ResBlock(width, kt=kt) for _ in range(count))
            for block in blocks:
                nn.init.zeros_(block.c2.conv.weight)
                nn.init.zeros_(block.c2.conv.bias)
            self.sharpen[scale] = blocks

    def upgrade_state_dict(self, state, prefix=""):
        """Fills in the extra blocks a state dict lacks with their identity initialisation."""
        out = dict(state)
        for k, v in self.state_dict().items():
            if k.startswith("sharpen."):
                out.setdefault(prefix + k, v)
        return out

    def forward(self, z):
        for i, layer in enumerate(self.layers):
            z = layer(z)
            if i in self.after:
                for block in self.sharpen[self.after[i]]:
                    z = block(z)
        return z


class VideoAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z

    def load_state_dict(self, state, strict=True):
        """Also takes checkpoints saved before the decoder's sharpening blocks existed."""
        return super().load_state_dict(self.decoder.upgrade_state_dict(state, "decoder."), strict)


class ExportEncoder(nn.Module):
    """What vae_encoder.onnx computes: frames in [-1, 1], F = 1 + 4k (one frame: an image) -> un-normalized
    latents with 1 + k frames; the services normalize them with the manifest's latent statistics."""
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, frames):
        return self.encoder(frames)


class ExportDecoder(nn.Module):
    """What vae_decoder.onnx computes: un-normalized latents -> frames clamped to [-1, 1]."""
    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, latents):
        return self.decoder(latents).clamp(-1.0, 1.0)
