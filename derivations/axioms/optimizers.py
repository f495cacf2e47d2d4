"""The trusted rules of the optimizers chapter: induction on a recurrence, and peeling a sum.

Optimizers are recurrences (a velocity, a moving average, an accumulator), and
their claims hold *for every step t*.  Two rules carry such claims:

* :func:`induction` -- the principle of mathematical induction for a sequence
  defined by a start value and a one-step recurrence: if a closed form ``F``
  has ``F(0) = x_0`` and ``F(t+1) = step(F(t), t+1)`` for a symbolic integer
  ``t >= 0``, then ``x_t = F(t)`` for every ``t >= 0``.  The rule is *guarded*:
  it proves the base case and the induction step itself (residuals reduced to
  exactly 0) before it rewrites ``x(t)`` to ``F(t)``; a closed form that fails
  either is left unrewritten, so the kernel refuses the step that used it.
  The rule is a *definition* of the sequence's name: it fixes ``x`` (an
  undefined function, fresh in the derivation), so no assumption, second
  recurrence or instantiated lemma may give ``x`` another meaning, and it
  rewrites ``x(q)`` only where ``q`` is shown a nonnegative integer (the
  recurrence says nothing of ``x(-1)`` or ``x(1/2)``).  Its parameters are
  data, not code: the step is turned into a SymPy ``Lambda`` once, when the
  recurrence is made (the statement shown and the guard run the same
  expression); the rules its guard applies are kernel axioms of this package,
  listed as trusted with it; the facts it refines with are hypotheses the
  using derivation must state, and none may speak of the index (the step
  must hold for *every* t >= 0, or induction proves nothing).
  The step is checked as an identity of expressions in a symbolic ``t``: if
  the recurrence divides by an expression in ``t`` (PyTorch's cosine
  schedule divides by ``1 + cos(pi (t - 1)/T)``), the conclusion holds only
  while that divisor is nonzero, and the derivation must state that range as
  an assumption.
* :data:`SUM_PEEL` -- ``sum_{k=a}^{b} f_k = sum_{k=a}^{b-1} f_k + f_b`` for an
  integer upper limit (true for every integer ``a, b`` under Karr's convention
  for sums, which SymPy uses).

References: induction - any text on discrete mathematics, e.g. Graham, Knuth
and Patashnik, *Concrete Mathematics*, 2nd ed., section 1.1 and chapter 2 (the
"repertoire method" checks a closed form against a recurrence exactly this
way); peeling - ibid., section 2.3, and M. Karr, "Summation in finite terms",
J. ACM 28 (1981), for the convention on reversed limits.

>>> t = sp.Symbol("t", integer=True, nonnegative=True)
>>> x = sp.Function("x")
>>> rec = Recurrence("x", x, t, start=0, step=lambda prev, n: 2 * prev + 1)
>>> induction(rec, 2**t - 1).apply(x(t) + 1)
2**t
>>> induction(rec, 2**t).apply(x(t))  # wrong closed form: left alone
x(t)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import UndefinedFunction

from ..kernel import (
    RESERVED,
    TEMPORARY,
    Axiom,
    _foreign_node,
    alpha_normal,
    derivation_predicates,
    derivation_randoms,
    evaluate,
    refine,
    rewrite,
    side_conditions,
    simplify,
)
from ..sums import SUM_LINEARITY
from .expectation import is_random

__all__ = ["SUM_PEEL", "Recurrence", "induction"]


@dataclass(frozen=True)
class Recurrence:
    """A sequence ``x_0 = start``, ``x_n = step(x_{n-1}, n)`` for ``n >= 1``.

    ``func`` is the SymPy function that names the sequence (``v(t)``, an
    undefined function), ``t`` the step index (a symbol with ``integer=True,
    nonnegative=True``).  ``step`` may be given as a Python function of
    ``(prev, n)``; it is called once, on fresh symbols, and kept as the
    ``sp.Lambda`` it returns, so the recurrence is data.
    """

    name: str
    func: sp.FunctionClass
    t: sp.Symbol
    start: sp.Expr
    step: sp.Lambda | Callable[[sp.Expr, sp.Expr], sp.Expr]

    def __post_init__(self):
        if not isinstance(self.t, sp.Symbol) or not (self.t.is_integer and
                                                     self.t.is_nonnegative):
            raise ValueError(f"Recurrence {self.name}: the index {self.t} must be a symbol with "
                             "integer=True, nonnegative=True")
        if not isinstance(self.func, UndefinedFunction):
            raise TypeError(f"Recurrence {self.name}: func={self.func!r} must be an undefined "
                            "function such as sp.Function('v'); a function with values of its "
                            "own (cos, exp) cannot be defined again by a recurrence")
        declared = {k: v for k, v in getattr(self.func, "_kwargs", {}).items()
                    if v is not None and k != "commutative"}
        if declared:  # x declared positive with x_0 = -1: |x(t)| = x(t) and x(t) = -1
            shown = sorted(k for k, v in declared.items() if v and not k.startswith(
                "extended_") and k not in ("complex", "hermitian", "finite")) or ["keys"]
            raise ValueError(f"Recurrence {self.name}: func={self.func} is declared "
                             f"({', '.join(shown)}); a sequence's values are what its start "
                             "and step give, so its function carries no declaration: "
                             "sp.Function(name)")
        object.__setattr__(self, "start", sp.sympify(self.start))
        if isinstance(self.step, sp.Lambda) and len(self.step.variables) != 2:
            raise ValueError(f"Recurrence {self.name}: step={self.step} must take (prev, n)")
        # the step's own variables are always the kernel's: n runs over the integers >= 1
        # whatever a given Lambda declared of its n (an even n made 1/(n - 1) look defined
        # for every n, and the guard then stepped to n = 1)
        prev = sp.Dummy("prev")
        n = sp.Dummy("n", integer=True, positive=True)
        object.__setattr__(self, "step", sp.Lambda((prev, n), sp.sympify(self.step(prev, n))))
        for part, what in ((self.start, "start"), (self.step.expr, "step")):
            if part.has(self.func):
                raise ValueError(f"Recurrence {self.name}: {what}={sp.sstr(part)} speaks of "
                                 f"{self.func} itself; only prev may stand for the last value")
            if any(q.name.startswith((RESERVED, TEMPORARY)) for q in part.free_symbols):
                raise ValueError(f"Recurrence {self.name}: {what}={sp.sstr(part)} uses the "
                                 f"kernel's reserved prefix {RESERVED!r}")
            if self.t in part.free_symbols:
                raise ValueError(f"Recurrence {self.name}: {what}={sp.sstr(part)} speaks of the "
                                 f"index {self.t}; the step's own n stands for the index it "
                                 "computes")

    def unroll(self, n: int) -> sp.Expr:
        """``x_n`` for a concrete ``n``, by applying the step ``n`` times."""
        value = sp.sympify(self.start)
        for i in range(1, n + 1):
            value = self.step(value, sp.Integer(i))
        return value

    def describe(self) -> str:
        prev = sp.Symbol(f"{self.name}_(t-1)")
        return (f"{self.name}_0 = {sp.sstr(self.start)}, {self.name}_t = "
                f"{sp.sstr(self.step(prev, self.t))}")

    def meaning(self) -> str:
        """What the recurrence defines, exactly (compared between two uses of one name)."""
        # in alpha-normal names, which no free symbol may take: a step x_{n-1} + n and a
        # step x_{n-1} + n0 with a parameter n0 named "n" printed alike when its variables
        # were printed as plain symbols prev and n
        return f"{self.func}: {sp.srepr(self.start)}; {sp.srepr(alpha_normal(self.step))}"


def _zero(expr: sp.Expr, rules: Iterable, predicates: tuple) -> bool:
    r = sp.sympify(expr)
    for rule in rules:
        r = rewrite(rule, r)
    r = evaluate(r)  # the kernel's doit and simplify: no integral it would not do
    for tool in (sp.expand,
                 lambda e: refine(e, predicates),
                 lambda e: sp.cancel(sp.together(e)),
                 lambda e: simplify(e) if e.has(sp.cos, sp.Sum) else e):
        if r == 0:
            return True
        r = tool(r)
    return r == 0


def _undefined_within(rec: Recurrence, last: int, point: dict, facts: tuple) -> str | None:
    """Where the sequence, unrolled from its start to ``last`` with its parameters at
    ``point``, meets a step that is undefined or needs what ``facts`` do not show."""
    prev, n = rec.step.variables
    value = sp.sympify(rec.start).xreplace(point)
    for v in range(1, last + 1):
        at = rec.step.expr.xreplace({**point, prev: value, n: sp.Integer(v)})
        needs = [] if at.has(sp.nan, sp.zoo) else side_conditions(at, facts)
        if at.has(sp.nan, sp.zoo) or needs:
            return (f"at n = {v} ({rec.name}_{v - 1} = {sp.sstr(value)}) the step "
                    + (f"needs {needs[0]}" if needs else "is undefined"))
        # as written while small: simplify spent seconds on cos(pi k/T) that it cannot
        # shorten, and the unsimplified value keeps every denominator for the next check
        value = at if sp.count_ops(at) < 200 else sp.simplify(at)
    return None


def induction(rec: Recurrence, closed: sp.Expr, *, using: Iterable = (),
              predicates: Iterable = (), upto: sp.Expr | None = None) -> Axiom:
    """Induction on ``rec``: rewrite ``rec.func(q)`` to ``closed`` at ``t = q`` for every
    ``q`` shown a nonnegative integer, if the base case and the step prove.

    ``using`` are axioms of this package (for example :data:`SUM_PEEL`) applied
    to the two residuals before they are reduced; ``predicates`` are handed to
    ``refine`` and become the axiom's ``requires`` (the using derivation must
    state them); none may speak of the index.  The guard runs when the rule is
    first applied in a derivation with a given set of random names.
    """
    if type(rec) is not Recurrence:
        raise TypeError(f"induction: rec={rec!r} must be a Recurrence")
    closed = sp.sympify(closed)
    using, predicates = tuple(using), tuple(predicates)
    for r in using:
        if type(r) is not Axiom or not r.origin.startswith(__package__ + "."):
            raise TypeError(f"induction on {rec.name}: using={r!r} must hold axioms of "
                            f"{__package__} (the guard applies trusted rules only)")
    t = rec.t
    for p in predicates:
        if not isinstance(p, sp.Basic):
            raise TypeError(f"induction on {rec.name}: predicates={p!r} must be SymPy facts")
        if p.has(t):
            raise ValueError(f"induction on {rec.name}: the predicate {sp.sstr(p)} speaks of "
                             f"the index {t}; the step must hold for every {t} >= 0")
    if closed.has(rec.func):
        raise ValueError(f"induction on {rec.name}: the closed form {sp.sstr(closed)} speaks "
                         f"of {rec.func} itself")
    for what, e in (("start", rec.start), ("step", rec.step.expr), ("closed form", closed),
                    *(("predicate", p) for p in predicates)):
        # what the guard reduces is held to the kernel's vocabulary, as a step is: SymPy
        # simplified binomial(m - 1, m) to 0 for every integer m >= 0 (it is 1 at m = 0)
        why = _foreign_node(sp.sympify(e), predicate=what == "predicate")
        if why:
            raise ValueError(f"induction on {rec.name}: its {what}: {why}")
    # the step defines the sequence only where what it needs as written (each denominator
    # nonzero, root and logarithm argument in range) holds: shown for every n >= 1 and every
    # previous value, or up to ``upto``, where the conclusion stops: there each step is
    # checked at the sequence's values when upto is a number; when it is a symbol, trusted
    # (and listed), and searched for a refuting point of the derivation's predicates
    prev, n = rec.step.variables
    bases = {q.base for q in sp.preorder_traversal(rec.step.expr)
             if isinstance(q, sp.Pow) and q.exp.is_negative}
    constant = tuple(sp.Q.nonzero(b) for b in sorted(bases, key=sp.default_sort_key)
                     if not b.has(n, prev))  # 1 - rho: the derivation must state it
    needs = side_conditions(rec.step.expr, (sp.Q.ge(n, 1), *predicates, *constant))
    if needs and upto is None:
        raise ValueError(f"induction on {rec.name}: the step needs {'; '.join(needs)} for some "
                         "n >= 1: the sequence is undefined from there; give upto= the last "
                         "index at which it is defined")
    upto = None if upto is None else sp.sympify(upto)
    if needs and not (upto.is_Integer or (upto.is_Symbol and upto.is_integer)):
        raise ValueError(f"induction on {rec.name}: upto={sp.sstr(upto)} must be an integer "
                         "number or a symbol declared integer")
    if needs and upto.is_Integer:
        why = _undefined_within(rec, int(upto), {}, (*predicates, *constant))
        if why:
            raise ValueError(f"induction on {rec.name}: up to {upto}, {why}")
    defined: tuple = ()
    if needs and upto.is_Symbol:
        # up to a symbol nothing is unrolled: each denominator of n alone is required nonzero
        # for 1 <= n <= upto, as the product over that range, which the derivation states (a
        # trusted condition the guard only searched for a refutation of proved x_K = K with
        # a 0/0 at n = K beyond its 40 steps); what the step needs beyond that is refused
        within = (sp.Q.ge(n, 1), sp.Q.le(n, upto), *predicates, *constant)
        poles = sorted((b for b in bases if b.has(n) and not b.has(prev)
                        and side_conditions(b ** -1, within)), key=sp.default_sort_key)
        defined = tuple(sp.Q.nonzero(sp.Product(b.xreplace({n: t}), (t, 1, upto)))
                        for b in poles)
        rest = side_conditions(rec.step.expr, (*within, *(sp.Q.nonzero(b) for b in poles)))
        if rest:
            raise ValueError(f"induction on {rec.name}: up to the symbol {upto} the step needs "
                             f"{'; '.join(rest)}, which is not a denominator of n alone; give "
                             "an integer upto=, at which the sequence is unrolled")
    limit = () if upto is None else (sp.Q.le(t, upto),)
    verdicts: dict = {}

    def holds() -> bool:
        # the guard's reductions ask what is random, and that is the derivation's: a verdict
        # is kept per set of random names (a guard passed where c is constant, E(c w) =
        # c E(w), says nothing where c is random)
        key = (derivation_randoms(), derivation_predicates())
        for part, what in ((rec.start, "start"), (rec.step.expr, "step")):
            # a random start or step makes x(t) random, and nothing random is named x: the
            # expectation axioms took x(t) for a constant (x_0 = w, x_n = x_(n-1) proved
            # E(w^2) = E(w)^2 through x(t) = w), so the sequence must be one of numbers
            if is_random(part, ()):
                raise ValueError(f"induction on {rec.name}: its {what} {sp.sstr(part)} is "
                                 f"random here, so {rec.func}(t) would be a random sequence "
                                 "that the expectation axioms take for a constant; a "
                                 "recurrence defines numbers (recur on moments instead)")
        if key not in verdicts:  # over every integer m >= 0, whatever else t is declared
            m = sp.Dummy("m", integer=True, nonnegative=True)
            base = closed.subs(t, 0) - rec.start
            step = closed.subs(t, m + 1) - rec.step(closed.subs(t, m), m + 1)
            verdicts[key] = _zero(base, using, predicates) and _zero(step, using, predicates)
        return verdicts[key]

    def at_an_index(q: sp.Basic) -> bool:
        ok = isinstance(q, rec.func) and len(q.args) == 1 and \
            q.args[0].is_integer is True and q.args[0].is_nonnegative is True
        if ok and upto is not None:  # only t itself (the derivation states t <= upto)
            ok = q.args[0] == t or bool((q.args[0] - upto).is_nonpositive)
        return ok

    def rule(expr: sp.Expr) -> sp.Expr:
        # (no derivative of rec.func's applications by a parameter reaches it: the kernel
        # refuses one, as SymPy reads x(t) for constant in c)
        if not expr.has(rec.func) or not holds():
            return expr
        return expr.replace(at_an_index, lambda q: closed.subs(t, q.args[0]))

    return Axiom(
        f"induction on {rec.name}",
        f"the principle of induction: {rec.describe()} for t >= 1 defines {rec.name}_t for "
        f"every integer t >= 0"
        + ("" if upto is None else f" up to {sp.sstr(upto)}")
        + ("" if upto is None or not needs else ", where the step is defined ("
           + ("checked at each n, at the sequence's values" if upto.is_Integer
              else "each denominator nonzero for 1 <= n <= " + sp.sstr(upto)
              + ": the derivation states it") + ")")
        + f"; a closed form F with F(0) = {rec.name}_0 and "
        f"F(t+1) = step(F(t), t+1) for every integer t >= 0 equals {rec.name}_t for every "
        f"t >= 0 (here F(t) = {sp.sstr(closed)}; the rule proves both conditions before it "
        "rewrites)",
        rule,
        reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 1.1.",
        fixes=(rec.func,),
        meaning=rec.meaning(),
        requires=(*predicates, *constant, *limit, *defined),
        rests_on=using,
    )


def _peel(expr: sp.Expr) -> sp.Expr:
    def one(s: sp.Sum) -> sp.Expr:
        if len(s.limits) != 1:
            return s
        k, a, b = s.limits[0]
        b = sp.sympify(b)
        shift = b.as_coeff_Add()[0]
        if not (b.is_integer and sp.sympify(a).is_integer) or b.is_number or shift <= 0:
            return s
        return sp.Sum(s.function, (k, a, b - 1)) + s.function.subs(k, b)

    return expr.replace(lambda q: isinstance(q, sp.Sum), one)


SUM_PEEL = Axiom(
    "peeling the last term of a finite sum",
    "sum_{k=a}^{b} f_k = sum_{k=a}^{b-1} f_k + f_b for integers a, b (Karr's convention for "
    "reversed limits, which SymPy uses, makes it hold for b < a too); applied to every Sum "
    "whose upper limit is a symbolic integer plus a positive constant (t + 1).",
    _peel,
    reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.3; "
              "M. Karr, Summation in finite terms, J. ACM 28 (1981).",
)

#: linearity then peeling, the usual pair for an induction step on a weighted sum
PEEL_RULES = (SUM_PEEL, SUM_LINEARITY)
