"""The proof kernel: a derivation is a chain of steps that the machine proves.

A :class:`Step` holds a chain of expressions ``e0 = e1 = ... = ek`` and the
justification of each link.  The kernel proves a link ``a = b`` by reducing
the residual ``a - b`` to exactly zero: first it applies the rewrite rules the
step names (an :class:`Axiom` is trusted and listed in the report, a
:class:`Lemma` was proved by another derivation), then SymPy's ``doit``,
``refine`` under the derivation's assumptions, ``expand`` and, last,
``simplify``.  A residual that does not reduce to ``0`` is a refusal: the
kernel raises :class:`StepNotProved` naming the derivation, the step and the
residual.

A :class:`Solve` step proves that an equation has exactly one solution for an
unknown (``n_in * v = 1`` has the single solution ``v = 1/n_in``), which is how
a *condition* becomes a formula.

Claims tie a derivation to tests and report rows.  A :class:`Claim` states
``lhs = rhs``; it is established only when the proved steps connect ``lhs``
and ``rhs`` (the kernel keeps the proved equalities in a union-find), so a
claim cannot be stated without being derived.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> d = Derivation(
...     id="demo.square", title="A square", chapter="demo",
...     steps=(Step((x + 1) ** 2, x**2 + 2 * x + 1, because="algebra"),),
...     claims=(Claim("demo.square", "binomial square", (x + 1) ** 2, x**2 + 2 * x + 1),),
... )
>>> d.prove().ok
True
>>> bad = Derivation(id="demo.bad", title="A wrong square", chapter="demo",
...     steps=(Step((x + 1) ** 2, x**2 + 1, because="algebra"),))
>>> bad.prove()  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
derivations.kernel.StepNotProved: demo.bad, step 1 ((x + 1)**2 = x**2 + 1, algebra): residual 2*x...
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import sympy as sp

__all__ = [
    "ERRATUM_KINDS",
    "JUSTIFICATIONS",
    "TRUSTED_KINDS",
    "Assumption",
    "Axiom",
    "Claim",
    "ClaimNotEstablished",
    "Derivation",
    "DerivationError",
    "Erratum",
    "Lemma",
    "Proof",
    "Solve",
    "Step",
    "StepNotProved",
    "Trusted",
]

#: The kinds of justification a step may give.  They are labels for the
#: reader; what makes a step true is the residual reducing to zero after the
#: rules the step names have been applied.
JUSTIFICATIONS = (
    "definition",
    "algebra",
    "linearity",
    "independence",
    "integral",
    "symmetry",
    "sum",
    "chain rule",
    "lemma",
    "axiom",
    "assumption",
    "solve",
    "enumeration",
)


class DerivationError(Exception):
    """A derivation that the kernel refuses."""


class StepNotProved(DerivationError):
    """A step whose residual does not reduce to zero."""

    def __init__(self, derivation: str, index: int, step: Step | Solve, residual: sp.Expr):
        self.derivation = derivation
        self.index = index
        self.step = step
        self.residual = residual
        super().__init__(
            f"{derivation}, step {index} ({step.describe()}): "
            f"residual {sp.sstr(residual)} does not reduce to 0"
        )


class ClaimNotEstablished(DerivationError):
    """A claim whose two sides no proved step connects."""


@dataclass(frozen=True)
class Assumption:
    """Something a derivation takes as given, stated in prose.

    ``predicates`` are SymPy ``Q`` facts handed to ``refine`` (for example
    ``Q.positive(n)``); ``substitutions`` are equations the assumption makes
    true (``E(w) = 0`` for zero-mean weights), usable as rewrite rules.
    """

    name: str
    statement: str
    predicates: tuple = ()
    substitutions: tuple[sp.Eq, ...] = ()

    def apply(self, expr: sp.Expr) -> sp.Expr:
        for eq in self.substitutions:
            expr = expr.subs(eq.lhs, eq.rhs)
        return expr

    @property
    def kind(self) -> str:
        return "assumption"


@dataclass(frozen=True)
class Axiom:
    """A rule trusted rather than proved, applied as a rewrite.

    ``rule`` is an equation (rewrite ``lhs`` to ``rhs`` wherever it occurs) or
    a function from expression to expression (for example linearity of
    expectation).  Every axiom a derivation uses is listed in the report.
    """

    name: str
    statement: str
    rule: sp.Eq | Callable[[sp.Expr], sp.Expr]
    reference: str = ""

    def apply(self, expr: sp.Expr) -> sp.Expr:
        if isinstance(self.rule, sp.Equality):
            return expr.subs(self.rule.lhs, self.rule.rhs)
        return self.rule(expr)

    @property
    def kind(self) -> str:
        return "axiom"


@dataclass(frozen=True)
class Lemma:
    """An equation proved by another derivation, used as a rewrite rule."""

    name: str
    equation: sp.Eq
    source: str  # the claim id that establishes it

    def apply(self, expr: sp.Expr) -> sp.Expr:
        return expr.subs(self.equation.lhs, self.equation.rhs)

    @property
    def kind(self) -> str:
        return "lemma"

    @property
    def statement(self) -> str:
        eq = self.equation
        return f"{sp.sstr(eq.lhs)} = {sp.sstr(eq.rhs)} (proved as {self.source})"


Rule = Assumption | Axiom | Lemma

#: The kinds of trusted item a proof can rest on, in the order the report lists them.
TRUSTED_KINDS = ("axiom", "definition", "assumption", "predicate", "symbol assumption")


@dataclass(frozen=True)
class Trusted:
    """One thing a proof trusts rather than proves, as the report lists it."""

    kind: str  # one of TRUSTED_KINDS
    name: str
    statement: str
    reference: str = ""


_HOLE = sp.Dummy("hole")


def _unshadow(expr: sp.Expr) -> sp.Expr:
    """Rename every summation variable that shadows a symbol free elsewhere in the
    enclosing summand (``Sum(delta(j, k) Sum(f(k), (k, 1, m)), (j, 1, m))``), so
    that evaluating the outer sum cannot capture it.  SymPy's ``Sum.doit``
    sifts the delta by substituting ``j -> k`` into the inner sum and so
    proves false equations; the renaming is deterministic, so both sides of a
    step are renamed alike and still cancel.
    """
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum):
        return expr
    args = [_unshadow(a) for a in expr.args]
    expr = expr.func(*args) if args else expr
    if not isinstance(expr, sp.Sum):
        return expr
    summand = expr.function
    renames = {}
    for inner in summand.atoms(sp.Sum):
        for v, *_ in inner.limits:
            others = summand.xreplace({inner: _HOLE}).free_symbols - {_HOLE}
            if v in others or any(v == lim[0] for lim in expr.limits):
                taken = {str(t) for t in expr.free_symbols | summand.atoms(sp.Symbol)}
                name = f"{v.name}'"
                while name in taken:
                    name += "'"
                fresh = sp.Symbol(name, **v.assumptions0)
                renamed = sp.Sum(inner.function.xreplace({v: fresh}),
                                 *[(fresh, *lim[1:]) if lim[0] == v else lim
                                   for lim in inner.limits])
                renames[inner] = renamed
    if not renames:
        return expr
    return sp.Sum(summand.xreplace(renames), *expr.limits)


def _reduce(residual: sp.Expr, predicates: Sequence) -> sp.Expr:
    """Reduce a residual towards zero with increasingly expensive tools."""
    r = _unshadow(sp.sympify(residual))
    for tool in (
        lambda e: e.doit(),
        lambda e: sp.refine(e, sp.And(*predicates)) if predicates else e,
        sp.expand,
        lambda e: sp.refine(e, sp.And(*predicates)) if predicates else e,
        sp.simplify,
        lambda e: sp.simplify(sp.refine(e, sp.And(*predicates))) if predicates else e,
    ):
        if r == 0:
            return sp.S.Zero
        r = tool(r)
    return sp.S.Zero if r == 0 else r


@dataclass(frozen=True)
class Step:
    """A chain of equal expressions, ``exprs[0] = exprs[1] = ...``.

    ``because`` is the kind of justification (one of :data:`JUSTIFICATIONS`),
    ``using`` the rules (axioms, lemmas, assumptions) applied to the residual
    before it is reduced, ``note`` a sentence for the reader.
    """

    exprs: tuple
    because: str = "algebra"
    using: tuple = ()
    note: str = ""

    def __init__(self, *exprs, because: str = "algebra", using: Iterable = (), note: str = ""):
        if len(exprs) == 1 and isinstance(exprs[0], sp.Equality):
            exprs = (exprs[0].lhs, exprs[0].rhs)
        if len(exprs) < 2:
            raise ValueError("a Step needs at least two expressions (a chain a = b = ...)")
        if because not in JUSTIFICATIONS:
            raise ValueError(f"because={because!r}: expected one of {', '.join(JUSTIFICATIONS)}")
        object.__setattr__(self, "exprs", tuple(sp.sympify(e) for e in exprs))
        object.__setattr__(self, "because", because)
        object.__setattr__(self, "using", tuple(using))
        object.__setattr__(self, "note", note)

    def describe(self) -> str:
        chain = " = ".join(sp.sstr(e) for e in self.exprs)
        return f"{chain}, {self.because}"

    def residuals(self, predicates: Sequence) -> list[sp.Expr]:
        out = []
        for a, b in zip(self.exprs[:-1], self.exprs[1:], strict=True):
            r = a - b
            for rule in self.using:
                r = rule.apply(r)
            out.append(_reduce(r, predicates))
        return out

    def equalities(self):
        return list(zip(self.exprs[:-1], self.exprs[1:], strict=True))


@dataclass(frozen=True)
class Solve:
    """``equation`` has exactly one solution for ``unknown``, namely ``value``.

    The unknown is a symbol *defined* by the equation (for example
    ``v_fwd``, "the weight variance that keeps the forward variance"), so the
    kernel may then treat ``unknown = value`` as proved.
    """

    equation: sp.Eq
    unknown: sp.Symbol
    value: sp.Expr
    note: str = ""
    because: str = "solve"
    using: tuple = ()

    def describe(self) -> str:
        return (
            f"{sp.sstr(self.equation.lhs)} = {sp.sstr(self.equation.rhs)} "
            f"solved for {self.unknown}: {sp.sstr(self.value)}, solve"
        )

    @property
    def exprs(self) -> tuple:
        return (self.unknown, self.value)

    def residuals(self, predicates: Sequence) -> list[sp.Expr]:
        solutions = sp.solve(self.equation, self.unknown, dict=False)
        if len(solutions) != 1:
            # report the mismatch as a residual the reader can see
            return [sp.Symbol(f"solutions={sp.sstr(solutions)}")]
        return [_reduce(solutions[0] - self.value, predicates)]

    def equalities(self):
        return [(self.unknown, self.value)]


@functools.cache
def _lambdified(parameters: tuple, rhs: sp.Expr) -> Callable:
    return sp.lambdify(parameters, rhs, modules="numpy")


@dataclass(frozen=True)
class Claim:
    """A result with an id that ties derivation, implementation, tests and report.

    ``lhs = rhs`` must be connected by the derivation's proved steps.
    ``parameters`` name the free symbols of ``rhs`` for the numeric oracle.
    """

    id: str
    statement: str
    lhs: sp.Expr
    rhs: sp.Expr
    parameters: tuple = ()
    slide: str = ""
    implemented_by: str = ""

    @property
    def equation(self) -> sp.Eq:
        return sp.Eq(self.lhs, self.rhs, evaluate=False)

    def oracle(self) -> Callable:
        """A NumPy function of ``parameters`` that evaluates ``rhs`` (built once per claim)."""
        return _lambdified(tuple(self.parameters), self.rhs)


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


@dataclass(frozen=True)
class StepRecord:
    index: int
    step: Step | Solve
    residuals: tuple


@dataclass(frozen=True)
class Proof:
    """The kernel's verdict on a derivation: every step with its residuals."""

    derivation: Derivation
    records: tuple[StepRecord, ...]
    error: DerivationError | None = None
    #: the ids of the claims that the proved steps connect
    established: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Derivation:
    """An ordered list of steps with its assumptions, axioms and claims."""

    id: str
    title: str
    chapter: str
    steps: tuple = ()
    claims: tuple[Claim, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    slides: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    summary: str = ""
    # extra reduction predicates beyond those of the assumptions
    predicates: tuple = field(default=())

    def all_predicates(self) -> tuple:
        preds = list(self.predicates)
        for a in self.assumptions:
            preds.extend(a.predicates)
        return tuple(preds)

    def rules(self) -> list[Rule]:
        """Every axiom, lemma and assumption the steps use, first use first."""
        seen: list = []
        for a in self.assumptions:
            if a not in seen:
                seen.append(a)
        for s in self.steps:
            for r in s.using:
                if r not in seen:
                    seen.append(r)
        return seen

    def trusted(self) -> tuple[Trusted, ...]:
        """Everything this derivation's proof trusts: axioms, definitions, assumptions,
        predicates and symbol assumptions (the kernel makes this transitive through lemmas).
        """
        out: list[Trusted] = []

        def add(item: Trusted) -> None:
            if item not in out:
                out.append(item)

        for r in self.rules():
            if isinstance(r, Axiom):
                add(Trusted("axiom", r.name, r.statement, r.reference))
            elif isinstance(r, Assumption):
                add(Trusted("assumption", r.name, r.statement))
        for pred in self.all_predicates():
            add(Trusted("predicate", sp.sstr(pred), sp.sstr(pred)))
        symbols: set = set()
        for s in self.steps:
            for e in s.exprs:
                symbols |= sp.sympify(e).free_symbols
        for sym in sorted(symbols, key=str):
            facts = {k: v for k, v in getattr(sym, "_assumptions_orig", {}).items()
                     if v is not None}
            if facts:
                text = ", ".join(f"{k}={v}" for k, v in sorted(facts.items()))
                add(Trusted("symbol assumption", str(sym), f"{sym}: {text}"))
        return tuple(out)

    def fingerprint(self) -> str:
        """A content hash of everything the proof depends on (for caching proofs).

        Expressions enter by ``srepr``, so symbol assumptions count; rules by
        kind, name, statement and equations.  A rule given as a Python function
        enters by name and statement only: change its statement when you
        change what it does.
        """
        h = hashlib.sha256(sp.__version__.encode())

        def put(*parts):
            for part in parts:
                h.update(sp.srepr(part).encode() if isinstance(part, sp.Basic | tuple)
                         else repr(part).encode())
                h.update(b"\x00")

        put(self.id, self.all_predicates())
        for s in self.steps:
            put(type(s).__name__, s.because, s.exprs)
            if isinstance(s, Solve):
                put(s.equation)
            for r in s.using:
                put(r.kind, r.name, r.statement, tuple(getattr(r, "substitutions", ())))
                equation = r.rule if isinstance(r, Axiom) else getattr(r, "equation", None)
                if isinstance(equation, sp.Basic):
                    put(equation)
        for c in self.claims:
            put(c.id, c.lhs, c.rhs)
        return h.hexdigest()

    def prove(self, *, raise_on_failure: bool = True) -> Proof:
        """Prove every step in order; refuse at the first one that fails.

        With ``raise_on_failure=False`` the refusal is returned in
        :attr:`Proof.error`, and :attr:`Proof.established` holds the claims
        that the steps proved before it already connect.
        """
        predicates = self.all_predicates()
        records = []
        uf = _UnionFind()
        error: DerivationError | None = None
        for i, step in enumerate(self.steps, start=1):
            residuals = tuple(step.residuals(predicates))
            records.append(StepRecord(i, step, residuals))
            bad = [r for r in residuals if r != 0]
            if bad:
                error = StepNotProved(self.id, i, step, bad[0])
                break
            for a, b in step.equalities():
                uf.union(a, b)
        established = frozenset(
            c.id for c in self.claims
            if uf.find(sp.sympify(c.lhs)) == uf.find(sp.sympify(c.rhs))
        )
        if error is None:
            missing = [c for c in self.claims if c.id not in established]
            if missing:
                c = missing[0]
                error = ClaimNotEstablished(
                    f"{self.id}: claim {c.id} ({sp.sstr(c.lhs)} = {sp.sstr(c.rhs)}) "
                    "is not connected by the proved steps"
                )
        if error is not None and raise_on_failure:
            raise error
        return Proof(self, tuple(records), error, established)

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"{self.id} has no claim {claim_id!r}; it has {[c.id for c in self.claims]}")

    def lemma(self, claim_id: str) -> Lemma:
        """A proved claim of this derivation, usable as a rewrite by another."""
        c = self.claim(claim_id)
        return Lemma(name=c.id, equation=c.equation, source=c.id)


ERRATUM_KINDS = ("wrong", "ambiguous", "notation")


@dataclass(frozen=True)
class Erratum:
    """A formula from the slides that the machine finds wrong or ambiguous.

    ``slide_expr`` is the formula as the slide writes it, ``correct_expr``
    the derived one; ``at`` is a counterexample substitution.  The erratum is
    *confirmed* when the residual does not reduce to zero and the two sides
    differ at ``at``: the machine, not the author, decides.
    """

    id: str
    slide: str
    quote: str
    problem: str
    slide_expr: sp.Expr
    correct_expr: sp.Expr
    at: dict
    predicates: tuple = ()
    #: "wrong" (false as written), "ambiguous" (true under one reading of the
    #: slide's own notation, false under another) or "notation" (the slide
    #: contradicts itself in naming; the mathematics is not at stake)
    kind: str = "wrong"

    def __post_init__(self):
        if self.kind not in ERRATUM_KINDS:
            raise ValueError(f"Erratum {self.id}: kind={self.kind!r}; expected one of "
                             f"{', '.join(ERRATUM_KINDS)}")

    def residual(self) -> sp.Expr:
        return _reduce(self.slide_expr - self.correct_expr, self.predicates)

    def values(self) -> tuple[sp.Expr, sp.Expr]:
        slide = sp.nsimplify(sp.sympify(self.slide_expr).subs(self.at).doit())
        right = sp.nsimplify(sp.sympify(self.correct_expr).subs(self.at).doit())
        return slide, right

    @property
    def confirmed(self) -> bool:
        slide, right = self.values()
        return self.residual() != 0 and sp.simplify(slide - right) != 0
