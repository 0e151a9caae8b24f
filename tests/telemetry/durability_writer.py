"""Writes numbered events into an event store as fast as it can (pausing 1 ms when the
emitter's queue is full), through the real emitter, and prints ``ACK <seq> <seq> ...`` on
stdout after each committed batch. The durability test runs it in a subprocess and kills it
with SIGKILL under load."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.sinks import open_sink


def main(spec: str) -> None:
    out = sys.stdout

    def acked(sink: str, events: Sequence[SafetyEvent]) -> None:
        seqs = [e.request_id[1:] for e in events if e.request_id]
        out.write("ACK " + " ".join(seqs) + "\n")
        out.flush()

    emitter = Emitter([open_sink(spec)], queue_size=20_000, batch_size=200, on_ack=acked)
    out.write("READY\n")
    out.flush()
    n = 0
    while True:  # until killed
        event = SafetyEvent(
            type="guard.decision",
            surface="input",
            action="block",
            verdict="fail",
            categories=["prompt_injection"],
            latency_ms=0.2,
            request_id=f"e{n}",
        )
        if not emitter.emit(event):
            # the queue is full: this event was dropped (never acknowledged). Pause so the
            # writer thread gets the GIL; a producer spinning on a full queue starved it to
            # a batch every few seconds on a loaded 2-core machine
            time.sleep(0.001)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
