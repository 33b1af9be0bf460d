import functools
import tempfile
from pathlib import Path

import torch
from torch import nn

from exercise import export_for_serving

torch.set_num_threads(1)

FEATURES = 6


class Scorer(nn.Module):
    """A small classifier head with dropout, like the ones that get exported for serving."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(FEATURES, 16), nn.GELU(), nn.Dropout(0.3))
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        return self.head(self.body(x)).softmax(dim=-1)


def batch(n, seed):
    return torch.randn(n, FEATURES, generator=torch.Generator().manual_seed(seed))


@functools.cache
def exported():
    """Export once for all the tests (export takes a second or two): (model, program, path)."""
    torch.manual_seed(0)
    model = Scorer()
    model.train()  # handed over straight from training
    path = Path(tempfile.mkdtemp()) / "scorer.pt2"
    program = export_for_serving(model, batch(8, seed=1), path)
    return model, program, path


def eager_eval(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


def test_returns_an_exported_program():
    _, program, _ = exported()
    assert isinstance(program, torch.export.ExportedProgram), (
        f"return what torch.export.export returns (an ExportedProgram), got {type(program).__name__}"
    )


def test_the_file_loads_with_torch_export_load():
    _, _, path = exported()
    assert path.exists(), f"nothing was written to {path.name}: save the program with torch.export.save"
    try:
        torch.export.load(path)
    except Exception as error:  # torch.save's pickle is not an ExportedProgram archive
        raise AssertionError(
            f"torch.export.load could not read the file ({type(error).__name__}: {str(error)[:120]}): "
            "write it with torch.export.save(program, path), not torch.save"
        ) from None


def test_gives_the_eval_mode_outputs_for_any_batch_size():
    model, _, path = exported()
    served = torch.export.load(path).module()
    for n in (8, 1, 5, 33):
        x = batch(n, seed=n)
        try:
            got = served(x)
        except Exception as error:
            raise AssertionError(
                f"the exported program failed on a batch of {n} (it was exported with a batch of 8): "
                f"{type(error).__name__}: {str(error).splitlines()[0][:160]}. Mark axis 0 as dynamic: "
                "dynamic_shapes=({0: Dim('batch')},)"
            ) from None
        want = eager_eval(model, x)
        same = got.shape == want.shape and torch.allclose(got, want, atol=1e-5)
        assert same, (
            f"batch of {n}: the exported program's outputs differ from the model's in eval mode by up to "
            f"{(got - want).abs().max().item():.3g}. Export records the graph as the model runs at export "
            "time: call model.eval() before exporting, or dropout is recorded into the program"
        )


def test_the_same_input_gives_the_same_output():
    _, program, _ = exported()
    served = program.module()
    x = batch(16, seed=3)
    assert torch.equal(served(x), served(x)), (
        "the exported program gives different outputs for the same input: dropout was recorded into it. "
        "Call model.eval() before exporting"
    )
