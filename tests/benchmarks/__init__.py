"""Benchmarks (``make bench``), each measured beside a floor in the same run."""
