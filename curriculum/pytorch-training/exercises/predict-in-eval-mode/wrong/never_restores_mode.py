"""Switches to eval mode and leaves it there: the caller's training loop goes on without dropout."""

import torch


def predict(model, X, batch_size=64):
    model.eval()
    with torch.no_grad():
        outputs = [model(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
    return torch.cat(outputs)
