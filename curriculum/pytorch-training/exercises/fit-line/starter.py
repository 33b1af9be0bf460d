"""Gradient descent on two scalar parameters, with autograd computing the gradients."""

import torch
import torch.nn.functional as F


def fit_line(x, y, loss_fn=F.mse_loss, lr=0.1, steps=200):
    """Fit y ≈ w * x + b by gradient descent on loss_fn, from w = b = 0.

    x and y are 1-D float tensors of the same length. loss_fn(prediction, target) returns a
    scalar tensor; it may be any differentiable loss, so let autograd find the gradients.

    Returns (w, b, losses): w and b as Python floats, losses as a list of Python floats,
    one per step, each the loss *before* that step's update.
    """
    w = torch.zeros((), requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        # TODO: compute the loss, record it, backpropagate, update w and b, clear the gradients.
        raise NotImplementedError("fit_line is not written yet")
    return w.item(), b.item(), losses
