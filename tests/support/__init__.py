"""What the browser, hardening, soak and deploy suites and the benchmarks share: one harness."""
