"""A tiny third-party check package used to prove entry-point discovery."""

from saferail.checks import Check, CheckInput, Finding


class Shouting(Check):
    """Flags messages written mostly in capital letters."""

    name = "shouting"
    categories = ("toxicity",)
    surfaces = frozenset({"input", "output"})
    cost = "cheap"

    def run(self, data: CheckInput) -> list[Finding]:
        letters = [c for c in data.canonical.text if c.isalpha()]
        if len(letters) < 8:
            return []
        upper = sum(1 for c in letters if c.isupper()) / len(letters)
        if upper < 0.8:
            return []
        return [self.finding(upper, 0, len(data.text), entity_type="SHOUTING")]
