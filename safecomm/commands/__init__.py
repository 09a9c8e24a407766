"""The command groups of ``safecomm``; each module has ``register(app)``."""
