"""`python -m bench` runs the benchmark suites (see bench/README.md)."""

from bench.run import main

raise SystemExit(main())
