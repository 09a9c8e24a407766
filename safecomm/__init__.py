"""The ``safecomm`` command line: wires settings, the store, the jobs and the Slack app."""
