import torch
from torch.utils.data import DataLoader

from exercise import WindowDataset, make_loader

torch.set_num_threads(1)


def ramp(n):
    """0, 1, 2, ...: every window starts with its own index, so batches can be traced back."""
    return torch.arange(n, dtype=torch.float32)


def epoch_order(loader):
    return [int(v) for xb, _ in loader for v in xb[:, 0]]


def test_length_counts_every_window_with_a_next_value():
    for n, window in [(10, 3), (25, 4), (5, 4)]:
        ds = WindowDataset(ramp(n), window)
        assert len(ds) == n - window, (
            f"a series of {n} values has {n - window} windows of {window} followed by a next value; "
            f"len() gave {len(ds)}"
        )


def test_items_are_a_window_and_the_value_after_it():
    series = torch.linspace(0.0, 1.0, 12) ** 2
    ds = WindowDataset(series, 4)
    for i in [0, 3, len(ds) - 1]:
        x, y = ds[i]
        assert torch.is_tensor(x) and x.shape == (4,), f"item {i}: the window should be a tensor of shape (4,), got {getattr(x, 'shape', type(x))}"
        assert torch.is_tensor(y) and y.shape == (), (
            f"item {i}: the target should be a 0-d tensor (series[i + window]), got shape {tuple(getattr(y, 'shape', ()))}: "
            "a target of shape (1,) batches to (B, 1), which broadcasts against (B,) predictions"
        )
        assert torch.equal(x, series[i : i + 4]), f"item {i}: window should be series[{i}:{i + 4}], got {x.tolist()}"
        assert torch.equal(y, series[i + 4]), f"item {i}: target should be series[{i + 4}] = {series[i + 4].item():.4f}, got {y.item():.4f}"
    assert ds[len(ds) - 1][1].item() == series[-1].item(), "the last item's target should be the last value of the series"


def test_batches_have_the_right_shapes_and_cover_every_window_once():
    ds = WindowDataset(ramp(30), 5)  # 25 windows: batches of 8, 8, 8 and 1
    loader = make_loader(ds, 8, seed=0)
    assert isinstance(loader, DataLoader), f"make_loader should return a DataLoader, got {type(loader).__name__}"
    sizes = []
    for xb, yb in loader:
        sizes.append(len(xb))
        assert xb.shape[1:] == (5,) and yb.shape == (len(xb),), (
            f"a batch should be windows (B, 5) and targets (B,); got {tuple(xb.shape)} and {tuple(yb.shape)}"
        )
        assert torch.equal(yb, xb[:, 0] + 5), "each target should be the value right after its own window"
    order = epoch_order(loader)
    assert sorted(order) == list(range(25)), (
        f"one epoch should serve each of the 25 windows exactly once (batch sizes {sizes}); "
        f"got {len(order)} windows, {len(set(order))} distinct"
    )


def test_same_seed_same_order_different_seed_different_order():
    ds = WindowDataset(ramp(40), 3)
    a = epoch_order(make_loader(ds, 4, seed=7))
    b = epoch_order(make_loader(ds, 4, seed=7))
    c = epoch_order(make_loader(ds, 4, seed=8))
    assert a != list(range(len(ds))), "the loader should shuffle: the windows came in their original order"
    assert a == b, "two loaders with the same seed should serve the windows in the same order"
    assert a != c, "seeds 7 and 8 gave the same order: shuffle with a generator seeded by `seed`"


def test_each_epoch_is_shuffled_anew():
    loader = make_loader(WindowDataset(ramp(40), 3), 4, seed=3)
    first, second = epoch_order(loader), epoch_order(loader)
    assert first != second, "iterating the loader twice gave the same order: each epoch should be a new shuffle"


def test_the_order_depends_on_the_seed_not_on_the_global_random_state():
    ds = WindowDataset(ramp(40), 3)
    torch.manual_seed(1)
    a = epoch_order(make_loader(ds, 4, seed=5))
    torch.manual_seed(2)
    b = epoch_order(make_loader(ds, 4, seed=5))
    assert a == b, (
        "with seed=5 both times, the order changed when the global random state did: shuffle with a "
        "torch.Generator seeded with `seed`, not with the global RNG"
    )


def test_the_global_random_generator_is_not_reseeded():
    ds = WindowDataset(ramp(40), 3)

    def global_draws_after_a_loader(seed):
        torch.manual_seed(2024)
        epoch_order(make_loader(ds, 4, seed))
        return torch.rand(3)

    assert torch.equal(global_draws_after_a_loader(1), global_draws_after_a_loader(2)), (
        "the global random numbers drawn after make_loader depend on its `seed`: make_loader reseeds the "
        "global RNG (torch.manual_seed), which resets the randomness of everything else in the program. "
        "Give the DataLoader its own torch.Generator instead"
    )
