"""The tests. The apps they start serve test databases, not the configured one: nothing to load
from it as they start (set here, before conftest imports app.main, which reads the settings)."""

import os

os.environ["SIGNPOST_PRELOAD_CATALOGUE"] = "false"
