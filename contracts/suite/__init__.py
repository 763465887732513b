"""The contract suite itself: pytest modules run by `python -m contracts run` (or pytest directly)."""
