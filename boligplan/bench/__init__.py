"""The benchmark: synthetic data at the quality.md scales, timed pages and yearly statistics (`manage.py bench`)."""
