"""A TensorDataset of all windows at once (Tensor.unfold), and a RandomSampler with its own generator."""

import torch
from torch.utils.data import DataLoader, RandomSampler, TensorDataset


class WindowDataset(TensorDataset):
    def __init__(self, series, window):
        windows = series.unfold(0, window, 1)  # (len - window + 1, window): views, no copy
        super().__init__(windows[:-1], series[window:])


def make_loader(dataset, batch_size, seed):
    sampler = RandomSampler(dataset, generator=torch.Generator().manual_seed(seed))
    return DataLoader(dataset, batch_size=batch_size, sampler=sampler)
