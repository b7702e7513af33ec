"""Benchmarks: speed measured on throwaway databases, never asserted in tests.

Each benchmark is a module of this package that defines ``DESCRIPTION`` (one line) and
``run(bench: Bench) -> None``; ``python -m bench`` finds them by that. See bench/README.md.
"""
