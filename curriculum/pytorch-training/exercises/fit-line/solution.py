"""Gradient descent on two scalar parameters, with autograd computing the gradients."""

import torch
import torch.nn.functional as F


def fit_line(x, y, loss_fn=F.mse_loss, lr=0.1, steps=200):
    """Fit y ≈ w * x + b by gradient descent on loss_fn, from w = b = 0.

    Returns (w, b, losses): w and b as Python floats, losses as a list of Python floats,
    one per step, each the loss *before* that step's update.
    """
    w = torch.zeros((), requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w * x + b, y)
        losses.append(loss.item())  # a float: the graph of this step is not kept alive
        loss.backward()  # adds d loss / d w into w.grad (and the same for b)
        with torch.no_grad():  # the update itself must not be recorded
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()  # .grad accumulates: clear it before the next backward()
        b.grad.zero_()
    return w.item(), b.item(), losses
