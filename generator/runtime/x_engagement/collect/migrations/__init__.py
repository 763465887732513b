"""Alembic migrations of the collector's schema (run by `x_engagement.collect.upgrade`)."""
