"""Calls model.train() at the end unconditionally: a model handed over in eval mode comes back training."""

import torch


def predict(model, X, batch_size=64):
    model.eval()
    with torch.no_grad():
        outputs = [model(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
    model.train()
    return torch.cat(outputs)
