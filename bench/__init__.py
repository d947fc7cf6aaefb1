"""The `make bench` harness: memo's exporters and analysis timed against peer tools, whole process."""
