"""`x-engagement`, the command line: one subcommand per operation of the spec, plus fetch and plot.

Every module here keeps its top-level imports light (argparse, the standard library, the
generated `_operations` data): `x-engagement --help` builds all subcommands without importing
the client. A subcommand imports what it needs when it runs. See `registry` to add one.
"""
