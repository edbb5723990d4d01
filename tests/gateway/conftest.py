"""The real-gateway tests run only under ``make test-gateway``, which installs LiteLLM's
proxy into its own virtualenv and names its ``litellm`` command in ``STUDIO_LITELLM``."""

import os

collect_ignore_glob = [] if os.environ.get("STUDIO_LITELLM") else ["test_*.py"]
