"""Bolt listeners by Slack surface; register_listeners(app) wires them all."""
