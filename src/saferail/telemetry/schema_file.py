"""Print the SafetyEvent JSON Schema: ``python -m saferail.telemetry.schema_file`` (redirect it
to ``src/saferail/telemetry/schema/safety_event.v1.json`` after changing the model; a test
fails while the committed file is stale)."""

from __future__ import annotations

__all__ = ["render"]

import json
import sys

from saferail.telemetry.event import json_schema


def render() -> str:
    """The committed file's exact text."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
