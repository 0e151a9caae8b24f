"""The release review: suites, red team, gate, system card and evidence pack."""
