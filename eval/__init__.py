"""Gold clusters and the `python -m eval` runner that scores the analysis against them."""
