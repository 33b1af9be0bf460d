import math

import torch
import torch.nn.functional as F

from exercise import fit_line

torch.set_num_threads(1)


def line_data(n=64, slope=3.0, intercept=-1.0, noise=0.1, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.linspace(-1.0, 1.0, n)
    y = slope * x + intercept + noise * torch.randn(n, generator=g)
    return x, y


def reference_fit(x, y, loss_fn, lr, steps):
    """Plain gradient descent, written out: what fit_line must match step for step."""
    w = torch.zeros((), requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w * x + b, y)
        losses.append(loss.item())
        gw, gb = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
    return w.item(), b.item(), losses


def huber(prediction, target):
    return F.huber_loss(prediction, target, delta=0.5)


def test_returns_python_floats():
    x, y = line_data()
    w, b, losses = fit_line(x, y, F.mse_loss, lr=0.1, steps=5)
    assert type(w) is float and type(b) is float, (
        f"w and b must be Python floats (tensor.item()), got {type(w).__name__} and {type(b).__name__}"
    )
    assert isinstance(losses, list) and len(losses) == 5, (
        f"expected a list of 5 losses for steps=5, got {type(losses).__name__} of length {len(losses)}"
    )
    kinds = sorted({type(loss).__name__ for loss in losses})
    assert kinds == ["float"], (
        f"losses must be Python floats (loss.item()), got {kinds}: a list of loss tensors keeps "
        "every step's graph alive"
    )


def test_first_loss_is_at_w_and_b_zero():
    x, y = line_data()
    _, _, losses = fit_line(x, y, F.mse_loss, lr=0.1, steps=3)
    expected = F.mse_loss(torch.zeros_like(y), y).item()
    assert math.isclose(losses[0], expected, rel_tol=1e-5), (
        f"losses[0] should be the loss before any update, at w = b = 0: {expected:.6f}, got {losses[0]:.6f}"
    )


def test_recovers_the_line_with_mse():
    x, y = line_data()
    w, b, losses = fit_line(x, y, F.mse_loss, lr=0.1, steps=200)
    assert abs(w - 3.0) < 0.1 and abs(b + 1.0) < 0.05, (
        f"on y = 3x - 1 + noise, 200 steps of lr=0.1 should give w ≈ 3 and b ≈ -1; got w={w:.4f}, b={b:.4f}"
    )
    assert losses[-1] < 0.02 * losses[0], (
        f"the loss should go down from {losses[0]:.4f} to under 2% of it, ended at {losses[-1]:.4f}"
    )


def test_each_step_is_plain_gradient_descent():
    # Any differentiable loss_fn: here a Huber loss, whose gradient nobody derives by hand.
    x, y = line_data(slope=-2.0, intercept=0.5, noise=0.3, seed=1)
    got_w, got_b, got = fit_line(x, y, huber, lr=0.3, steps=40)
    want_w, want_b, want = reference_fit(x, y, huber, lr=0.3, steps=40)
    for step, (g, e) in enumerate(zip(got, want)):
        assert math.isclose(g, e, rel_tol=1e-4, abs_tol=1e-6), (
            f"step {step}: loss {g:.6f}, expected {e:.6f}. Each step must subtract lr times the "
            "gradient of *this* step's loss: clear w.grad and b.grad after each update "
            "(.grad accumulates across backward() calls)"
        )
    assert math.isclose(got_w, want_w, rel_tol=1e-4, abs_tol=1e-5), f"w: expected {want_w:.5f}, got {got_w:.5f}"
    assert math.isclose(got_b, want_b, rel_tol=1e-4, abs_tol=1e-5), f"b: expected {want_b:.5f}, got {got_b:.5f}"


def test_does_not_change_the_data():
    x, y = line_data()
    x0, y0 = x.clone(), y.clone()
    fit_line(x, y, F.mse_loss, lr=0.1, steps=3)
    assert torch.equal(x, x0) and torch.equal(y, y0), "fit_line changed x or y in place"
