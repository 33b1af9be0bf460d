"""A map-style Dataset of sliding windows, and a DataLoader that shuffles reproducibly."""

import torch
from torch.utils.data import DataLoader, Dataset


class WindowDataset(Dataset):
    """Item i is (series[i : i + window], series[i + window]): a window and the value after it.

    `series` is a 1-D float tensor. Every window that has a next value is an item.
    """

    def __init__(self, series, window):
        self.series = series
        self.window = window

    def __len__(self):
        # TODO: how many windows have a value after them?
        raise NotImplementedError

    def __getitem__(self, i):
        # TODO: return (window of shape (window,), target of shape ())
        raise NotImplementedError


def make_loader(dataset, batch_size, seed):
    """Shuffled batches, in an order that depends only on `seed`, never on the global RNG."""
    # TODO: a DataLoader that shuffles with its own torch.Generator seeded with `seed`.
    raise NotImplementedError
