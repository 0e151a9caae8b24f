"""Fit per-check thresholds to a target false-positive rate on benign traffic.

:func:`calibrate` runs a policy's checks on texts known to be benign, records each check's
highest finding score per text (``0.0`` when the check found nothing) and picks, for every
check, the threshold that flags at most ``target_fpr`` of future benign texts, in the
split-conformal sense:

* sort the ``n`` benign scores, ``s(1) <= ... <= s(n)``, with ``alpha = target_fpr``;
* take ``k = ceil((n + 1) * (1 - alpha))`` and the conformal quantile ``q = s(k)``
  (``q = s(n)``, the maximum, when ``k > n``: too few texts to resolve the target);
* the threshold is the next floating-point number above ``q`` (at most ``1.0``).

The guard keeps a finding when ``score >= threshold``, so a text fires exactly when its score
is strictly above ``q``, and every text tied with ``q`` passes. Equivalently, the threshold is
the smallest value ``t`` whose conformal false-positive rate on the calibration texts,
``(1 + #{scores >= t}) / (n + 1)``, is at most ``alpha`` (so the plain share
``#{scores >= t} / n`` is below ``alpha`` too). For a new benign text exchangeable with the
calibration texts, ``P(score >= threshold) <= (n + 1 - k) / (n + 1) <= alpha``, ties or not.
When ``k > n`` no ``t`` meets the criterion: the threshold goes just above the maximum, no
calibration text fires, and the result warns that the set is too small (``n < 1/alpha``).
When the threshold has to be capped at ``1.0`` (benign texts score ``1.0``) the target may be
missed; the result then warns too.

Each check's report also gives the achieved FPR on the calibration texts and a one-sided
Clopper–Pearson upper confidence bound on the true FPR at that threshold, computed from the
binomial CDF (a regularized incomplete beta function) by bisection, without scipy.
"""

from __future__ import annotations

__all__ = [
    "BenignScores",
    "CalibrationError",
    "CalibrationResult",
    "CheckCalibration",
    "benign_scores",
    "binom_cdf",
    "calibrate",
    "calibrate_scores",
    "clopper_pearson_upper",
    "conformal_index",
    "conformal_threshold",
    "percent_text",
    "policy_source",
    "rate_text",
    "regularized_beta",
]

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from saferail.checks.base import SURFACES
from saferail.checks.registry import available_checks
from saferail.errors import PolicyError, SaferailError, TextFileError
from saferail.guard.pipeline import Guard
from saferail.io import BatchRecord, read_text
from saferail.policy.loader import default_policy_path, load_policy, parse_policy
from saferail.policy.models import Policy, SurfacePolicy

BenignItem = str | BatchRecord


class CalibrationError(SaferailError, ValueError):
    """Calibration cannot run: bad target, no benign texts, unknown or unconfigured check."""


@dataclass(slots=True)
class BenignScores:
    """What the scoring pass saw: per check, its maximum score on each benign text."""

    n: int  # benign texts scored
    scores: dict[str, list[float]]  # check -> one score per text it ran on without error
    errors: dict[str, int]  # check -> texts on which it errored or timed out
    first_error: dict[str, str]  # check -> the first such error


@dataclass(frozen=True, slots=True)
class CheckCalibration:
    """The calibrated threshold of one check and how it does on the benign texts."""

    check: str
    n: int  # benign texts the check scored (texts it failed on are left out)
    threshold: float  # a finding fires when its score >= threshold
    quantile: float  # conformal quantile q: the threshold is the next float above it
    rank: int  # k = ceil((n + 1) * (1 - target_fpr)); q is the k-th smallest score
    false_positives: int  # benign texts with a score >= threshold
    achieved_fpr: float  # false_positives / n
    fpr_upper_bound: float  # one-sided Clopper–Pearson bound at the result's confidence
    previous_threshold: float  # the threshold in force before (configured or the default)
    previous_fpr: float  # share of benign texts at or above the previous threshold
    errors: int = 0  # benign texts on which the check errored or timed out
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "n": self.n,
            "threshold": self.threshold,
            "quantile": self.quantile,
            "rank": self.rank,
            "false_positives": self.false_positives,
            "achieved_fpr": self.achieved_fpr,
            "fpr_upper_bound": self.fpr_upper_bound,
            "previous_threshold": self.previous_threshold,
            "previous_fpr": self.previous_fpr,
            "errors": self.errors,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class CalibrationResult:
    """Per-check calibrations and the policy with the new thresholds written in."""

    policy: Policy
    surface: str
    target_fpr: float
    confidence: float
    n: int  # benign texts given
    checks: tuple[CheckCalibration, ...]
    warnings: tuple[str, ...] = field(default=())
    source: str | None = field(default=None, repr=False)  # the policy's YAML, when read

    @property
    def thresholds(self) -> dict[str, float]:
        """Check name -> calibrated threshold."""
        return {c.check: c.threshold for c in self.checks}

    def __getitem__(self, check: str) -> CheckCalibration:
        for c in self.checks:
            if c.check == check:
                return c
        raise KeyError(check)

    def summary_lines(self) -> list[str]:
        """A plain-text summary, one line per check (used as the YAML header)."""
        pct = percent_text(self.confidence)
        lines = [
            f"surface {self.surface}, {self.n} benign texts, target FPR {self.target_fpr:g}, "
            f"confidence {self.confidence:g}",
            "a finding fires when its score >= threshold (the next float above the conformal "
            "quantile)",
            f"{'check':<20} {'n':>8}  {'threshold':<22} {'achieved FPR':>12}  "
            f"{'FPR upper bound (' + pct + ')':>24}",
        ]
        for c in self.checks:
            lines.append(
                f"{c.check:<20} {c.n:>8}  {c.threshold!r:<22} {rate_text(c.achieved_fpr):>12}  "
                f"{rate_text(c.fpr_upper_bound):>24}"
            )
        lines += [f"warning: {w}" for w in self.warnings]
        return lines

    def policy_yaml(self, header: Sequence[str] = (), *, source: str | None = None) -> str:
        """The calibrated policy as YAML, preceded by a comment with the summary.

        ``source`` is the YAML text of the policy that was calibrated (default: the file's
        text when :func:`calibrate` was given a path or ``None``): its thresholds are edited
        in place, so its comments, layout and key order survive (a summary header of an
        earlier calibration is replaced). Without it, or when the edit does not load back
        to :attr:`policy` (anchors, merge keys...), only the fields the source policy set
        (plus the thresholds) are written, so the file reads like the original. Either way
        it loads back to exactly :attr:`policy`.
        """
        comment = ["Calibrated by `saferail calibrate`.", *header, *self.summary_lines()]
        text = "".join(f"# {_comment_safe(line)}".rstrip() + "\n" for line in comment)
        source = self.source if source is None else source
        if source is not None:
            body = _strip_header(source.lstrip("\ufeff"))
            edited = _edit_thresholds(body, self.surface, self.thresholds)
            newline = "\r\n" if "\r\n" in body else "\n"
            whole = (text + "\n").replace("\n", newline) + (edited or "")
            if edited is not None and self._loads_back(whole):
                return whole
        data = self.policy.model_dump(mode="json", exclude_unset=True)
        return text + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    def _loads_back(self, text: str) -> bool:
        try:
            return parse_policy(text) == self.policy
        except PolicyError:
            return False

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "target_fpr": self.target_fpr,
            "confidence": self.confidence,
            "n": self.n,
            "checks": [c.to_dict() for c in self.checks],
            "warnings": list(self.warnings),
            "policy_version": self.policy.version,
        }


# -- the public entry point ----------------------------------------------------------------


def calibrate(
    policy: Policy | str | Path | None,
    benign_texts: Iterable[BenignItem],
    *,
    target_fpr: float,
    surface: str = "input",
    checks: Sequence[str] | None = None,
    confidence: float = 0.95,
    progress: Callable[[], None] | None = None,
    min_threshold: float = 0.05,
) -> CalibrationResult:
    """Fit thresholds of ``surface``'s checks so benign texts fire at most ``target_fpr``.

    ``policy`` is a :class:`Policy`, a path to a policy YAML or ``None`` (the bundled
    default). ``benign_texts`` are strings or :class:`~saferail.io.BatchRecord` rows (whose
    ``context`` and ``system_prompt`` reach the checks). ``checks`` names the checks to fit
    (default: every enabled check on the surface; a named disabled check is scored and gets
    a threshold but stays disabled). ``progress`` is called once per text scored.
    ``min_threshold`` is a floor: a check that never fires on benign text is not lowered to
    fire on every faint finding.

    Returns the per-check report and a copy of the policy with the new thresholds; nothing
    else in the policy changes. Raises :class:`CalibrationError` on bad arguments.
    """
    _check_rate("target_fpr", target_fpr)
    _check_rate("confidence", confidence)
    _check_floor(min_threshold)
    loaded = load_policy(policy)
    names = _select_checks(loaded, surface, checks)
    seen = benign_scores(loaded, benign_texts, surface=surface, checks=names, progress=progress)
    if seen.n == 0:
        raise CalibrationError("the benign set is empty: give at least one benign text")
    for name in names:
        if not seen.scores[name]:
            raise CalibrationError(
                f"check {name!r} failed on every benign text ({seen.first_error[name]})"
            )
    fitted = calibrate_scores(
        seen.scores,
        target_fpr=target_fpr,
        confidence=confidence,
        min_threshold=min_threshold,
        previous={name: _effective_threshold(loaded, surface, name) for name in names},
        errors=seen.errors,
        first_error=seen.first_error,
    )
    new_policy = loaded.model_copy(deep=True)
    section = new_policy.surface(surface)
    for cal in fitted:
        section.checks[cal.check].threshold = cal.threshold
    load_policy(new_policy)  # the result must still be a valid policy
    warnings = tuple(w for cal in fitted for w in cal.warnings)
    return CalibrationResult(
        policy=new_policy,
        surface=surface,
        target_fpr=target_fpr,
        confidence=confidence,
        n=seen.n,
        checks=tuple(fitted),
        warnings=warnings,
        source=policy_source(policy),
    )


def calibrate_scores(
    scores: Mapping[str, Sequence[float]],
    *,
    target_fpr: float,
    confidence: float = 0.95,
    min_threshold: float = 0.0,
    previous: Mapping[str, float] | None = None,
    errors: Mapping[str, int] | None = None,
    first_error: Mapping[str, str] | None = None,
) -> list[CheckCalibration]:
    """Fit one threshold per check from its benign scores (the pure half of :func:`calibrate`)."""
    _check_rate("target_fpr", target_fpr)
    _check_rate("confidence", confidence)
    _check_floor(min_threshold)
    out: list[CheckCalibration] = []
    for name, values in scores.items():
        n = len(values)
        if n == 0:
            raise CalibrationError(f"check {name!r} has no benign scores")
        ordered = sorted(_clamp(v, f"check {name!r}") for v in values)
        k = conformal_index(n, target_fpr)
        q = ordered[min(k, n) - 1]
        threshold = max(min(1.0, math.nextafter(q, math.inf)), float(min_threshold))
        fp = sum(1 for v in ordered if v >= threshold)
        prev = (previous or {}).get(name, 0.5)
        prev_fp = sum(1 for v in ordered if v >= prev)
        n_err = (errors or {}).get(name, 0)
        warns: list[str] = []
        if Fraction(n) < 1 / Fraction(str(target_fpr)):
            need = _count_text(math.ceil(1 / Fraction(str(target_fpr))))
            if k > n:  # above every benign score, unless capped at 1.0 (warned below)
                tail = "set above every benign score" if fp == 0 else "at its cap, 1.0"
                tail = f"the threshold is {tail}"
            else:
                tail = "the FPR estimate is coarse"
            warns.append(
                f"{name}: {n} benign texts are too few for a target FPR of {target_fpr:g} "
                f"(need at least {need}); {tail}"
            )
        if fp / n > target_fpr:
            warns.append(
                f"{name}: {fp} of {n} benign texts score 1.0 and no threshold <= 1.0 "
                f"separates them: the achieved FPR {fp / n:.4f} exceeds the target "
                f"{target_fpr:g} (change the check's params or action instead)"
            )
        if n_err:
            detail = (first_error or {}).get(name)
            warns.append(
                f"{name}: errored or timed out on {n_err} benign texts, left out"
                + (f" (first: {detail})" if detail else "")
            )
        out.append(
            CheckCalibration(
                check=name,
                n=n,
                threshold=threshold,
                quantile=q,
                rank=k,
                false_positives=fp,
                achieved_fpr=fp / n,
                fpr_upper_bound=clopper_pearson_upper(fp, n, confidence),
                previous_threshold=prev,
                previous_fpr=prev_fp / n,
                errors=n_err,
                warnings=tuple(warns),
            )
        )
    return out


def benign_scores(
    policy: Policy | str | Path | None,
    benign_texts: Iterable[BenignItem],
    *,
    surface: str = "input",
    checks: Sequence[str] | None = None,
    progress: Callable[[], None] | None = None,
) -> BenignScores:
    """Each check's maximum finding score per benign text (``0.0`` when it found nothing).

    The checks run through a :class:`Guard` built from a copy of the policy with every
    selected check's threshold at ``0.0``, its action ``log`` and ``early_exit`` off, so
    every score is visible. Texts on which a check errored or timed out are counted in
    ``errors`` and left out of that check's scores.
    """
    if isinstance(benign_texts, str | bytes):
        raise CalibrationError(
            "benign_texts is one string: give a list of texts (a string would be read as one "
            "text per character)"
        )
    loaded = load_policy(policy)
    names = _select_checks(loaded, surface, checks)
    guard = Guard(_scoring_policy(loaded, surface, names))
    scores: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, int] = dict.fromkeys(names, 0)
    first_error: dict[str, str] = {}
    n = 0
    try:
        for item in benign_texts:
            if isinstance(item, BatchRecord):
                if item.text is None:
                    raise CalibrationError(f"benign record {item.id!r}: {item.error}")
                decision = guard.check(
                    item.text,
                    surface=surface,
                    context=item.context,
                    system_prompt=item.system_prompt,
                )
            else:
                decision = guard.check(item, surface=surface)
            best = dict.fromkeys(names, 0.0)
            for f in decision.findings:
                if f.check in best and f.score > best[f.check]:
                    best[f.check] = f.score
            for run in decision.checks:
                if run.check in best and run.status != "ok":
                    errors[run.check] += 1
                    first_error.setdefault(run.check, run.error or run.status)
                    del best[run.check]
            for name, value in best.items():
                scores[name].append(value)
            n += 1
            if progress is not None:
                progress()
    finally:
        guard.close()
    return BenignScores(n, scores, errors, first_error)


# -- the conformal rule -------------------------------------------------------------------


def conformal_index(n: int, target_fpr: float) -> int:
    """``ceil((n + 1) * (1 - target_fpr))``, computed exactly on the decimal ``target_fpr``.

    It may exceed ``n``: then no benign score is high enough to serve as the quantile.
    """
    if n < 1:
        raise CalibrationError("the benign set is empty: give at least one benign text")
    _check_rate("target_fpr", target_fpr)
    return math.ceil((n + 1) * (1 - Fraction(str(target_fpr))))


def conformal_threshold(scores: Sequence[float], target_fpr: float) -> float:
    """The calibrated threshold: the next float above the conformal quantile, at most 1.0."""
    ordered = sorted(_clamp(v, "scores") for v in scores)
    k = conformal_index(len(ordered), target_fpr)
    return min(1.0, math.nextafter(ordered[min(k, len(ordered)) - 1], math.inf))


# -- the Clopper–Pearson bound ----------------------------------------------------------


def regularized_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function ``I_x(a, b)`` for ``a, b > 0``.

    Evaluated with the continued fraction (modified Lentz method), using the symmetry
    ``I_x(a, b) = 1 - I_{1-x}(b, a)`` on the side where it converges quickly.
    """
    if a <= 0 or b <= 0:
        raise ValueError("regularized_beta needs a > 0 and b > 0")
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def _beta_cf(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    eps = 1e-15
    max_iter = 1000 + int(20 * math.sqrt(a + b))
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, max_iter + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            return h
    raise ArithmeticError(f"incomplete beta did not converge (a={a}, b={b}, x={x})")


def binom_cdf(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``, as ``I_{1-p}(n - k, k + 1)``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    return regularized_beta(n - k, k + 1, 1.0 - p)


def clopper_pearson_upper(k: int, n: int, confidence: float = 0.95) -> float:
    """One-sided Clopper–Pearson upper bound on a rate seen ``k`` times in ``n`` trials.

    The largest ``p`` with ``P(Binomial(n, p) <= k) >= 1 - confidence``: the true rate is
    below it with probability at least ``confidence``. ``1.0`` when ``k == n`` or ``n == 0``;
    ``1 - (1 - confidence) ** (1 / n)`` when ``k == 0``. Found by bisection on ``[0, 1]``
    (below ``k / n`` too, where a low ``confidence`` puts it) to a relative ~1e-12.
    """
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n (got k={k}, n={n})")
    _check_rate("confidence", confidence)
    if n == 0 or k == n:
        return 1.0
    alpha = 1.0 - confidence
    if k == 0:
        return 1.0 - math.pow(alpha, 1.0 / n)
    lo, hi = 0.0, 1.0
    for _ in range(200):
        if hi - lo <= 1e-12 * hi:
            break
        mid = (lo + hi) / 2.0
        if binom_cdf(k, n, mid) > alpha:
            lo = mid
        else:
            hi = mid
    return hi


# -- helpers --------------------------------------------------------------------------


def _check_rate(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and 0.0 < value < 1.0):
        raise CalibrationError(f"{name} must be strictly between 0 and 1 (got {value!r})")


def _check_floor(value: float) -> None:
    """``min_threshold`` must be a number in ``[0, 1]`` (NaN would silently give 1.0)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not (ok and 0.0 <= value <= 1.0):
        raise CalibrationError(f"min_threshold must be between 0 and 1 (got {value!r})")


def _clamp(value: float, what: str) -> float:
    """``value`` in ``[0, 1]``; NaN or a non-number (which sorts anywhere) is refused."""
    if not isinstance(value, numbers.Real) or math.isnan(value):
        raise CalibrationError(f"{what}: score {value!r} is not a number")
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else float(value)


def rate_text(value: float) -> str:
    """A rate with four decimals, or three significant digits below 0.001 (a bound of
    ``3e-05`` is not shown as ``0.0000``)."""
    return f"{value:.4f}" if value == 0.0 or value >= 0.001 else f"{value:.2e}"


def _count_text(count: int) -> str:
    """``count``, or three significant digits when it is huge (``1e+320`` from a subnormal
    target is beyond a float)."""
    return str(count) if count < 10**12 else f"{Decimal(count).normalize():.3g}"


def percent_text(rate: float) -> str:
    """``rate`` as an exact percentage: ``0.999`` is ``99.9%``, not ``100%``."""
    return f"{(Decimal(repr(float(rate))) * 100).normalize():f}%"


def _comment_safe(line: str) -> str:
    """``line`` for one YAML comment line: characters that YAML reads as a line break (also
    NEL, LS and PS) or refuses (control characters) are escaped, so a file name cannot end
    the comment and write a key into the policy."""
    if line.isprintable():
        return line
    return "".join(
        c if c.isprintable() or c == "\t" else c.encode("unicode_escape").decode("ascii")
        for c in line
    )


_HEADER_START = "# Calibrated by `saferail calibrate`."


def _strip_header(source: str) -> str:
    """``source`` without the comment header an earlier calibration wrote at its top (the
    comment lines up to the first blank or non-comment line)."""
    if not source.lstrip("\ufeff").startswith(_HEADER_START):
        return source
    lines = source.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].lstrip("\ufeff").startswith("#"):
        i += 1
    if i < len(lines) and not lines[i].strip():
        i += 1
    return "".join(lines[i:])


def policy_source(policy: Policy | str | Path | None) -> str | None:
    """The YAML text of a policy file (``None``: the bundled default; a :class:`Policy`
    object or an unreadable file has none)."""
    if isinstance(policy, Policy):
        return None
    try:
        return read_text(policy if policy is not None else default_policy_path())
    except TextFileError:
        return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.Node):
            return v
    return None


def _edit_thresholds(source: str, surface: str, thresholds: Mapping[str, float]) -> str | None:
    """``source`` with ``threshold: X`` set for each check of ``surface`` (replaced where
    present, added otherwise), or None when the layout is not one this edits safely."""
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    checks = _child(_child(root, surface), "checks")
    newline = "\r\n" if "\r\n" in source else "\n"
    edits: list[tuple[int, int, str]] = []
    for name, value in thresholds.items():
        node = _child(checks, name)
        literal = repr(float(value))
        if not isinstance(node, yaml.MappingNode) or not node.value:
            return None
        old = _child(node, "threshold")
        if old is not None:
            start, end = old.start_mark.index, old.end_mark.index
            if not isinstance(old, yaml.ScalarNode) or start == end:
                return None
            edits.append((start, end, literal))
        elif node.flow_style:
            close = node.end_mark.index - 1
            if source[close : close + 1] != "}":
                return None
            edits.append((close, close, f", threshold: {literal}"))
        else:
            first = node.value[0][0].start_mark.index
            line_start = source.rfind("\n", 0, first) + 1
            indent = source[line_start:first]
            if indent.strip(" "):
                return None  # the first key does not start its line
            while line_start > 0:  # above the comment lines that belong to the first key
                above = source.rfind("\n", 0, line_start - 1) + 1
                if not source[above:line_start].strip().startswith("#"):
                    break
                line_start = above
            edits.append((line_start, line_start, f"{indent}threshold: {literal}{newline}"))
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    return source


def _select_checks(policy: Policy, surface: str, checks: Sequence[str] | None) -> list[str]:
    if surface not in SURFACES:
        raise CalibrationError(f"unknown surface {surface!r} (known: {', '.join(SURFACES)})")
    configured = policy.surface(surface).checks
    if checks is None:
        names = [name for name, cfg in configured.items() if cfg.enabled]
        if not names:
            raise CalibrationError(f"the policy has no enabled checks on the {surface} surface")
        return names
    names = list(dict.fromkeys(c.strip() for c in checks if c.strip()))
    if not names:
        raise CalibrationError("no check names given")
    registry = available_checks()
    unknown = [name for name in names if name not in registry]
    if unknown:
        raise CalibrationError(
            f"unknown check{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(sorted(registry))})"
        )
    wrong = [name for name in names if surface not in registry[name].surfaces]
    if wrong:
        name = wrong[0]
        runs_on = ", ".join(sorted(registry[name].surfaces))
        raise CalibrationError(
            f"check {name!r} does not run on the {surface} surface (it supports: {runs_on})"
        )
    missing = [name for name in names if name not in configured]
    if missing:
        have = ", ".join(configured) or "none"
        raise CalibrationError(
            f"check{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"{'are' if len(missing) > 1 else 'is'} not configured on the {surface} surface "
            f"of the policy (configured there: {have})"
        )
    return names


def _scoring_policy(policy: Policy, surface: str, names: Sequence[str]) -> Policy:
    """A copy that runs only ``names`` on ``surface``, with every score reported."""
    scoring = policy.model_copy(deep=True)
    scoring.settings.early_exit = False
    for other in SURFACES:
        if other != surface:
            setattr(scoring, other, SurfacePolicy())
    section = scoring.surface(surface)
    section.checks = {name: section.checks[name] for name in names}
    for cfg in section.checks.values():
        cfg.enabled = True
        cfg.threshold = 0.0
        cfg.action = "log"
    return scoring


def _effective_threshold(policy: Policy, surface: str, name: str) -> float:
    cfg = policy.surface(surface).checks[name]
    if cfg.threshold is not None:
        return cfg.threshold
    return available_checks()[name].default_threshold
