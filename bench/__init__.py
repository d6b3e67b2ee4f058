"""Benchmarks and evaluations; each module writes its figures as JSON to bench/results/."""
