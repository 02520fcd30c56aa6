"""Settings for the benchmarks: the project's own, with a trivial view as a baseline.

The environment decides everything else, exactly as in production (``DEBUG=false``…).
"""

import os
from pathlib import Path

from salo_climate.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The benchmarks collect static files into a directory of their own, so they never touch
# the staticfiles/ that a developer's server may be serving at the same time.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
