"""`make bench`: the dashboard and the submission pipeline measured, beside Django admin.

`python -m bench` seeds its own database, serves the site with gunicorn as production would,
drives it from a load generator on loopback, and writes bench/results.md. See README.md
("Benchmarks") for how to run it and what each number means.
"""
