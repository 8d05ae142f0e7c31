"""Demo content for `make run`: data files and .po catalogues. Installed in dev and test only."""
