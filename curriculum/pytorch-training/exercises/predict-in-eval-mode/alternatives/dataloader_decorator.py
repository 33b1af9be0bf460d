"""@torch.no_grad() as a decorator, and a DataLoader over a TensorDataset for the batches."""

import torch
from torch.utils.data import DataLoader, TensorDataset


@torch.no_grad()
def predict(model, X, batch_size=64):
    was_training = model.training
    model.eval()
    outputs = []
    for (batch,) in DataLoader(TensorDataset(X), batch_size=batch_size):
        outputs.append(model(batch))
    model.train(was_training)
    return torch.cat(outputs, dim=0)
