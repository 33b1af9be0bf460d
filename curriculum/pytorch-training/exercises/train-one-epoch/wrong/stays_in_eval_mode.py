"""Never calls model.train(): a model handed over in eval mode trains with dropout switched off."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    total, count = 0.0, 0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(inputs)
        count += len(inputs)
    return total / count
