import copy
import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from exercise import train_one_epoch

torch.set_num_threads(1)


def regression_data(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    y = (X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 * torch.sin(3 * X[:, 0])).unsqueeze(1)
    return X, y


def make_model(seed=0, dropout=0.2):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Dropout(dropout), nn.Linear(16, 1))


def make_loader(X, y, batch_size):
    return DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=False)


def reference_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(inputs)
        count += len(inputs)
    return total / count


def run(fn, model, batch_size=8, n=40, lr=0.05, seed=123):
    X, y = regression_data(n)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    torch.manual_seed(seed)  # the same dropout masks for both runs
    return fn(model, make_loader(X, y, batch_size), nn.MSELoss(), optimizer)


def test_returns_a_python_float():
    result = run(train_one_epoch, make_model())
    assert type(result) is float, (
        f"return the mean loss as a Python float (loss.item()), got {type(result).__name__}: a tensor "
        "built from the batch losses keeps their graphs alive"
    )


def test_matches_the_canonical_loop_update_for_update():
    mine, ref = make_model(), make_model()
    got = run(train_one_epoch, mine)
    want = run(reference_epoch, ref)
    for (name, p), q in zip(mine.named_parameters(), ref.parameters()):
        assert torch.allclose(p, q, atol=1e-6), (
            f"after one epoch, parameter {name} differs from the canonical loop's "
            f"(max difference {(p - q).abs().max().item():.3g}). Each batch: optimizer.zero_grad(), "
            "forward, loss, loss.backward(), optimizer.step(); gradients accumulate unless cleared"
        )
    assert math.isclose(float(got), want, rel_tol=1e-5), f"mean loss: expected {want:.6f}, got {float(got):.6f}"


def test_mean_is_weighted_by_batch_size():
    # 10 examples in batches of 4: 4, 4 and a last batch of 2 that must count half as much.
    mine, ref = make_model(dropout=0.0), make_model(dropout=0.0)
    got = run(train_one_epoch, mine, batch_size=4, n=10)
    want = run(reference_epoch, ref, batch_size=4, n=10)
    assert math.isclose(float(got), want, rel_tol=1e-5), (
        f"with batches of 4, 4 and 2, the epoch's mean loss over examples is {want:.6f}, got {float(got):.6f}: "
        "weight each batch's loss by its size and divide by the number of examples"
    )


def test_trains_in_training_mode_even_if_handed_over_in_eval_mode():
    model = make_model()
    modes = []
    model.register_forward_hook(lambda module, args, output: modes.append(module.training))
    model.eval()
    run(train_one_epoch, model)
    assert modes, "the model was never called"
    assert all(modes), (
        f"{modes.count(False)} of {len(modes)} forward passes ran in eval mode: call model.train() "
        "first (dropout and batch norm behave differently in training)"
    )


def test_every_parameter_gets_a_gradient_and_moves():
    model = make_model()
    before = copy.deepcopy(model.state_dict())
    got_gradient = set()
    for name, p in model.named_parameters():
        p.register_hook(lambda grad, name=name: got_gradient.add(name))  # runs when backward reaches p
    run(train_one_epoch, model)
    for name, p in model.named_parameters():
        assert name in got_gradient, f"no gradient reached parameter {name}: call loss.backward() on each batch"
        assert not torch.equal(p.detach(), before[name]), (
            f"parameter {name} did not change in one epoch: call optimizer.step() after loss.backward()"
        )


def test_the_loss_goes_down_over_epochs():
    model = make_model(dropout=0.0)
    X, y = regression_data(64)
    loader = make_loader(X, y, 16)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = [float(train_one_epoch(model, loader, nn.MSELoss(), optimizer)) for _ in range(30)]
    assert losses[-1] < 0.1 * losses[0], (
        f"30 epochs should bring the loss under a tenth of the first epoch's: {losses[0]:.4f} -> {losses[-1]:.4f}"
    )
