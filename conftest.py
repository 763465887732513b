"""The repository's own pytest runs get the `x_mock` fixture from the working tree: the entry
point that gives it to applications belongs to the installed `x-engagement-contracts` (contracts/
pyproject.toml), not to this dev environment, whose non-editable install would name a module it
does not install."""

pytest_plugins = ("contracts.pytest_plugin",)
