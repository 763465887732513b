"""One module per schema revision; Alembic reads them by file, this file only makes a package."""
