"""Loops over len(X) // batch_size batches: the rows of the last, partial batch are never predicted."""

import torch


def predict(model, X, batch_size=64):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        outputs = [model(X[k * batch_size : (k + 1) * batch_size]) for k in range(len(X) // batch_size)]
    model.train(was_training)
    return torch.cat(outputs)
