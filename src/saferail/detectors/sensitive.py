"""The opt-in check ``harmful_request_sensitive``: harmful_request for sensitive-topic traffic.

The same rules, benign frames, parameters and finding category as ``harmful_request``, over
another model (``harmful_request_sensitive.npz``, v10): harmful_request's training data plus
every request written for the project's rules and frames (``scripts/data``: about 3,900
harmful requests and 5,100 legitimate messages on the same alarming subjects, from some
twenty writers). It tells help, care, teaching and security work apart from harm on those
subjects much better, and flags more everyday instructions and pasted documents. It did not
meet the rule the default check ships under, so it is a separate check that a policy turns on
in place of ``harmful_request`` for services whose traffic is mostly sensitive topics
(health, safety, care, security, moderation)::

    input:
      checks:
        harmful_request_sensitive: {action: block}

Figures (blind sets, held-out sets, everyday messages): ``src/saferail/data/models/
MODEL_CARD.md``, "harmful_request v10".
"""

from __future__ import annotations

__all__ = ["HarmfulRequestSensitive"]

from saferail.checks.registry import register_check
from saferail.detectors.checks import HarmfulRequest


@register_check
class HarmfulRequestSensitive(HarmfulRequest):
    """Requests for seriously harmful help, for sensitive-topic traffic (opt-in).

    ``harmful_request`` with a model trained also on thousands of written harmful requests and
    legitimate look-alikes: fewer false alarms on victims, carers, teachers and defenders and
    more harm found on those subjects; more false alarms on everyday instructions. Findings
    carry the category ``harmful_request``; ``params`` as ``harmful_request``'s."""

    name = "harmful_request_sensitive"
    model_name = "harmful_request_sensitive"
    description = __doc__ or ""
