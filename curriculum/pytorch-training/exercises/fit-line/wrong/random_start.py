"""Starts from random w and b (torch.randn) instead of zeros: the result depends on the global seed."""

import torch
import torch.nn.functional as F


def fit_line(x, y, loss_fn=F.mse_loss, lr=0.1, steps=200):
    w = torch.randn((), requires_grad=True)
    b = torch.randn((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w * x + b, y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item(), losses
