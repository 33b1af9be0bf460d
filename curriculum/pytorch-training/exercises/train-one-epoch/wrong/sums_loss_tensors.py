"""Adds up the loss tensors instead of loss.item(): returns a tensor that holds every batch's graph."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss * len(inputs)
        count += len(inputs)
    return total / count
