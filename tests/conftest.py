"""Suite-wide test configuration."""

import os

from hypothesis import settings

# Reproducible property tests in CI (the same examples on every run); random locally, where
# new examples are welcome.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(config, items):
    """Run the end-to-end tests last.

    Playwright's sync API keeps an asyncio event loop running in the main thread while its
    session-scoped browser lives; widget tests that drive their own event loop must not run
    in between. Moving the ``e2e`` tests to the end keeps every other test isolated from it.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
