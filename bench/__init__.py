"""Benchmarks of sdkgen and of the SDK it emits, against the peers (`make bench`)."""
