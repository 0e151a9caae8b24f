"""The purge job: apply a :class:`~saferail.telemetry.store.Retention` to an event store now
and then, from a thread of a long-running service (:class:`PurgeJob`) or from a scheduler::

    python -m saferail.telemetry.retention STORE [--content-days 7] [--identity-days 30]
        [--event-days 90] [--audit-days 365]

(``STORE``: a SQLite path or a ``postgresql://`` URL; prints the counts as JSON; exit 2 with
one line on a bad argument or an unreachable store).
"""

from __future__ import annotations

__all__ = ["PurgeJob", "main"]

import argparse
import logging
import sys
import threading
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from saferail.errors import SaferailError
from saferail.telemetry.query import PurgeReport
from saferail.telemetry.store import EventStore, Retention, open_event_store

log = logging.getLogger("saferail.telemetry")


class PurgeJob:
    """Purge ``store`` every ``interval_s`` seconds in a daemon thread (first run at once).
    A failed purge is logged and retried at the next interval; ``stop()`` ends the thread."""

    def __init__(
        self,
        store: EventStore | Callable[[], EventStore],
        retention: Retention | None = None,
        *,
        interval_s: float = 3600.0,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be positive")
        self._store = store
        self.retention = retention or Retention()
        self.interval_s = interval_s
        self.last: PurgeReport | None = None
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="saferail-purge", daemon=True)
        self._thread.start()

    def run_once(self) -> PurgeReport:
        store = self._store if isinstance(self._store, EventStore) else self._store()
        self.last = store.purge(self.retention)
        self.runs += 1
        return self.last

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.run_once()
                log.info("saferail telemetry: purged %s", report.model_dump())
            except Exception as exc:
                log.warning("saferail telemetry: purge failed: %s", exc)
            self._stop.wait(self.interval_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)


def _days(text: str) -> float | None:
    if text.lower() in ("none", "forever"):
        return None
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("days must be positive (or 'forever')")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m saferail.telemetry.retention",
        description="Apply the telemetry retention policy to an event store once.",
    )
    parser.add_argument("store", help="SQLite path or postgresql:// URL")
    defaults = Retention()
    for name in ("content", "identity", "event", "audit"):
        parser.add_argument(
            f"--{name}-days", type=_days, default=getattr(defaults, f"{name}_days"), metavar="N"
        )
    args = parser.parse_args(argv)
    try:
        retention = Retention(
            content_days=args.content_days,
            identity_days=args.identity_days,
            event_days=args.event_days,
            audit_days=args.audit_days,
        )
        with open_event_store(args.store) as store:
            report = store.purge(retention)
    except ValidationError as exc:
        sys.stderr.write(f"error: {exc.errors()[0]['msg']}\n")
        return 2
    except SaferailError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    sys.stdout.write(report.model_dump_json() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
