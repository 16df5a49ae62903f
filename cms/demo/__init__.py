"""Demo content for `make run`: a believable hub written from the strategy paper."""
