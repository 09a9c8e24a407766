"""Pure Block Kit builder functions: data in, blocks out; no Slack calls, no database."""
