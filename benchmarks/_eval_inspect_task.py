"""The Inspect side of ``eval_overhead.py``: the same cases and the same "contains" check.

Runs inside Inspect's own venv (``benchmarks/.venvs/inspect``) as
``inspect eval benchmarks/_eval_inspect_task.py --model openai-api/mock/mock ...`` with
``EVAL_BENCH_CASES`` naming a JSONL file of ``{"id", "input", "target"}`` rows. The scorer is
Inspect's built-in ``includes`` (substring, case-sensitive like the other tools here).
"""

import os

from inspect_ai import Task, task
from inspect_ai.dataset import json_dataset
from inspect_ai.scorer import includes
from inspect_ai.solver import generate


@task
def eval_overhead() -> Task:
    return Task(
        dataset=json_dataset(os.environ["EVAL_BENCH_CASES"]),
        solver=generate(),
        scorer=includes(ignore_case=False),
    )
