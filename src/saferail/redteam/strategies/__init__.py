"""Attack strategies: registry + built-ins (entry point group ``saferail.attacks``)."""
