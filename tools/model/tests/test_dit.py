import numpy as np
import onnx
import pytest
import torch

from kinora_model import export
from kinora_model.dit import DiT
from kinora_model.env import BUNDLE_DIR
from kinora_model.train_dit import conditioning_mask, flow_loss
from kinora_model.weights_from_onnx import recover


def random_dit():
    torch.manual_seed(3)
    dit = DiT(dim=48, depth=2, heads=2)
    with torch.no_grad():
        for p in dit.parameters():
            p.normal_(0.0, 0.1)      # adaLN-zero would make every output 0
    return dit.eval()


def inputs(B=2, T=3):
    g = torch.Generator().manual_seed(4)
    return (torch.randn(B, 8, T, 4, 6, generator=g), torch.randn(B, 5, 384, generator=g),
            torch.ones(B, 5, dtype=torch.int64))


def test_one_timestep_per_frame_equals_one_per_sample_when_frames_share_it():
    dit = random_dit()
    x, text, mask = inputs()
    t = torch.tensor([300.0, 800.0])
    with torch.no_grad():
        per_sample = dit(x, t, text, mask)
        per_frame = dit(x, t[:, None].expand(-1, 3), text, mask)
    assert torch.allclose(per_sample, per_frame, atol=1e-5)


def test_a_frames_own_timestep_changes_that_frames_prediction_most():
    dit = random_dit()
    x, text, mask = inputs()
    t = torch.full((2, 3), 500.0)
    t2 = t.clone()
    t2[:, 0] = 0.0                          # frame 0 given clean
    with torch.no_grad():
        d = (dit(x, t, text, mask) - dit(x, t2, text, mask)).abs().mean(dim=(0, 1, 3, 4))
    assert d[0] > 0 and d[0] > d[1] and d[0] > d[2]


def test_conditioning_masks_leave_a_frame_to_generate():
    rng = np.random.default_rng(0)
    for kind in ("none", "first", "head", "tail", "ends"):
        for frames in (2, 5, 9):
            m = conditioning_mask(kind, frames, rng)
            assert m.shape == (frames,) and m.min() == 0
            if kind == "first":
                assert m[0] == 1 and m[1:].sum() == 0
            if kind == "tail":
                assert m[-1] == 1 and m[0] == 0
    assert conditioning_mask("none", 5, rng).sum() == 0


def test_flow_loss_ignores_frames_given_clean():
    x0, text, mask = inputs(B=2, T=3)
    clean = torch.tensor([[1.0, 0, 0], [1.0, 1.0, 0]])

    def model(xt, t, txt, m):
        assert t.shape == (2, 3) and (t[clean.bool()] == 0).all()
        out = torch.zeros_like(xt)
        out[:, :, 0] = 1e3                  # wild on frame 0, given clean in both samples
        return out

    torch.manual_seed(0)
    main, _ = flow_loss(model, x0, text, mask, torch.tensor([0.5, 0.5]), clean=clean)
    assert main.item() < 10.0              # frame 0's error (~1e6) is not in the loss


def test_per_frame_export_keeps_every_axis_dynamic(tmp_path):
    export.export_transformer(random_dit(), tmp_path / "t.onnx", timestep_per_frame=True)
    graph = onnx.load(str(tmp_path / "t.onnx")).graph
    timestep = next(i for i in graph.input if i.name == "timestep")
    assert [d.dim_param for d in timestep.type.tensor_type.shape.dim] == ["B", "T"]


@pytest.mark.slow
def test_bundle_weights_recovered_from_the_graph_reproduce_its_sampler_fixture():
    recover(BUNDLE_DIR)        # raises when the recovered model is more than 1e-4 off the fixture
