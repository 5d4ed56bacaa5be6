"""The emulator's views: OAuth and the authorize page, v2 endpoints, the test control API."""
