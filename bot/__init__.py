"""The Slack app (Bolt for Python): an app factory, listeners by surface, Block Kit builders."""
