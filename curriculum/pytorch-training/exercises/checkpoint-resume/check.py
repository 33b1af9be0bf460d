import pickle

import torch
from torch import nn

from exercise import load_checkpoint, save_checkpoint

torch.set_num_threads(1)


def make_model(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))


def make_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=0.05)


def batches(start, stop):
    for step in range(start, stop):
        g = torch.Generator().manual_seed(step)
        X = torch.randn(16, 3, generator=g)
        yield X, X.sum(dim=1, keepdim=True).sin()


def train(model, optimizer, start, stop):
    for X, y in batches(start, stop):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(X), y).backward()
        optimizer.step()


def probe(model):
    with torch.no_grad():
        return model(torch.linspace(-2, 2, 30).reshape(10, 3))


def test_the_file_holds_only_tensors_and_plain_containers(tmp_path):
    model = make_model(0)
    optimizer = make_optimizer(model)
    train(model, optimizer, 0, 3)
    path = tmp_path / "checkpoint.pt"
    save_checkpoint(path, model, optimizer, 3)
    try:
        torch.load(path, weights_only=True)
    except pickle.UnpicklingError as error:
        lines = [line.strip() for line in str(error).splitlines()]
        reason = next((line for line in lines if "Unsupported global" in line), lines[0])
        raise AssertionError(
            "torch.load(path, weights_only=True) refused the file: it pickles Python objects (a whole "
            "model or optimizer). Save their state_dict()s, which hold only tensors and plain containers. "
            f"torch said: {reason[:160]}"
        ) from None


def test_a_fresh_model_gets_the_saved_weights_and_the_epoch(tmp_path):
    model = make_model(0)
    optimizer = make_optimizer(model)
    train(model, optimizer, 0, 3)
    path = tmp_path / "checkpoint.pt"
    save_checkpoint(path, model, optimizer, 3)
    saved = probe(model)
    train(model, optimizer, 3, 5)  # training after the save must not change the checkpoint

    fresh = make_model(1)  # different initial weights
    epoch = load_checkpoint(path, fresh, make_optimizer(fresh))
    assert epoch == 3 and isinstance(epoch, int), f"load_checkpoint should return the saved epoch 3, got {epoch!r}"
    assert torch.allclose(probe(fresh), saved, atol=1e-6), (
        "after load_checkpoint, the fresh model does not compute what the saved one did: load the saved "
        "state dict into it with model.load_state_dict (strict, so that mismatched keys raise instead of "
        "loading nothing)"
    )


def test_resumed_training_matches_uninterrupted_training(tmp_path):
    # Uninterrupted: 8 steps of Adam.
    straight = make_model(0)
    straight_opt = make_optimizer(straight)
    train(straight, straight_opt, 0, 8)

    # Interrupted after 4 steps, resumed in a fresh model and optimizer.
    first = make_model(0)
    first_opt = make_optimizer(first)
    train(first, first_opt, 0, 4)
    path = tmp_path / "checkpoint.pt"
    save_checkpoint(path, first, first_opt, 4)
    resumed = make_model(1)
    resumed_opt = make_optimizer(resumed)
    load_checkpoint(path, resumed, resumed_opt)
    train(resumed, resumed_opt, 4, 8)

    difference = (probe(resumed) - probe(straight)).abs().max().item()
    assert difference < 1e-5, (
        f"training resumed from the checkpoint ends {difference:.3g} away from training that was never "
        "interrupted. Adam keeps running averages of the gradients and a step count per parameter: "
        "save optimizer.state_dict() and load it into the new optimizer, and load the weights into "
        "the model's existing parameters (the optimizer holds references to them)"
    )
