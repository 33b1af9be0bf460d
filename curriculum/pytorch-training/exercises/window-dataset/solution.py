"""A map-style Dataset of sliding windows, and a DataLoader that shuffles reproducibly."""

import torch
from torch.utils.data import DataLoader, Dataset


class WindowDataset(Dataset):
    """Item i is (series[i : i + window], series[i + window]): a window and the value after it."""

    def __init__(self, series, window):
        self.series = series
        self.window = window

    def __len__(self):
        return len(self.series) - self.window  # the last window ends just before the last value

    def __getitem__(self, i):
        return self.series[i : i + self.window], self.series[i + self.window]


def make_loader(dataset, batch_size, seed):
    """Shuffled batches, in an order that depends only on `seed`, never on the global RNG."""
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator)
