"""The proof kernel: a derivation is a chain of steps that the machine proves.

A :class:`Step` holds a chain of expressions ``e0 = e1 = ... = ek`` and the
justification of each link.  The kernel proves a link ``a = b`` by reducing
the residual ``a - b`` to exactly zero: first it applies the rewrite rules the
step names (an :class:`Axiom` is trusted and listed in the report, a
:class:`Lemma` was proved by another derivation), then SymPy's ``doit``,
``refine`` under the derivation's assumptions, ``expand``, ``cancel`` and,
last, ``simplify``.  A residual that does not reduce to ``0`` is a refusal: the
kernel raises :class:`StepNotProved` naming the derivation, the step and the
residual.

A :class:`Solve` step proves that an equation has exactly one solution for an
unknown (``n_in * v = 1`` has the single solution ``v = 1/n_in``), which is how
a *condition* becomes a formula.  An assumption may name the unknown (``Var(w) =
v``): then what it names is a free moment of random names, which no other hypothesis
fixes or bounds, and the solution is a value a law can give it.

What the kernel promises, and against whom: a claim is established only if
the chain of proved links connects its two sides under the rules the
derivation lists, whatever public objects a chapter author builds and
whatever arguments they give the factories of :mod:`derivations.axioms`.
The kernel applies only rules it made (:data:`KERNEL_RULES`, exactly those
classes), axioms only from that package, each factory takes SymPy data (no
callables), a name has one meaning (whether an axiom, a definition or a Solve
gives it, here or in any lemma's source), randomness is the derivation's (every
expectation axiom sees the names any of them declares random), an axiom's
hypotheses include those of the axioms it rests on, the assumptions are checked
against each other, the predicates and the independence axioms, a binder gives
its variable only values it is declared to take, a derivative is taken only off
the kinks of what it differentiates and, of an undefined function, only where it is
declared smooth (``Function("f", smooth=True)``, listed with its declaration), a
limit only where it is its body's value, a mean is split only where it exists, and
an author writes only in the kernel's
:data:`VOCABULARY` of SymPy classes (no function whose poles SymPy's rewriting
could cancel, no antiderivative, no floating-point number, no number that is rounding noise
to SymPy's evalf: :func:`unreadable_number`), and SymPy, imported with the kernel, guesses no
sign from such noise anywhere.  Out of scope:
monkeypatching, writing to frozen objects, and code that imports private
names; the numeric search of :mod:`derivations.refutation` is a second line
that can only refuse.

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

import contextvars
import functools
import hashlib
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = [
    "DECLARABLE",
    "ERRATUM_KINDS",
    "JUSTIFICATIONS",
    "KINKED_HEADS",
    "LINEAR_GROWTH_HEADS",
    "TRUSTED_KINDS",
    "Assumption",
    "Axiom",
    "Claim",
    "ClaimNotEstablished",
    "Definition",
    "Derivation",
    "DerivationError",
    "Erratum",
    "KernelBug",
    "Lemma",
    "Proof",
    "Solve",
    "Step",
    "StepNotProved",
    "StepRefused",
    "Trusted",
    "alpha_normal",
    "axiom_closure",
    "declaration_refusal",
    "derivation_randoms",
    "evaluate",
    "interval_refusal",
    "outside_derivatives",
    "point_refusal",
    "proof_of",
    "rewrite",
    "side_conditions",
    "simplify",
    "unfold_subs",
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


def _text(e) -> str:
    """An expression as the kernel's messages write it. One that holds a binder or a limit is
    written in SymPy's argument order: the usual order sorts an Add's terms by value, which
    evaluates each closed integral, sum or limit in it numerically (up to seconds each, for a
    message)."""
    slow = isinstance(e, sp.Basic) and e.has(sp.Integral, sp.Sum, sp.Product, sp.Limit)
    return sp.sstr(e, order="none") if slow else sp.sstr(e)


class DerivationError(Exception):
    """A derivation that the kernel refuses."""


class StepNotProved(DerivationError):
    """A step whose residual does not reduce to zero."""

    def __init__(self, derivation: str, index: int, step, residual: sp.Expr):
        self.derivation = derivation
        self.index = index
        self.step = step
        self.residual = residual
        super().__init__(
            f"{derivation}, step {index} ({step.describe()}): "
            f"residual {_text(residual)} does not reduce to 0"
        )


class StepRefused(StepNotProved):
    """A step the kernel refuses before reducing it: ``reason`` names what is missing
    (a hypothesis not discharged, a denominator not shown nonzero, a symbol already
    fixed, a Solve not linked to the chain, ...)."""

    def __init__(self, derivation: str, index: int, step, reason: str):
        DerivationError.__init__(self, f"{derivation}, step {index} ({step.describe()}): {reason}")
        self.derivation, self.index, self.step, self.reason = derivation, index, step, reason
        self.residual = sp.Symbol("refused")


class KernelBug(DerivationError):
    """A step the kernel accepted that a numeric point refutes: a bug in the kernel."""


class ClaimNotEstablished(DerivationError):
    """A claim whose two sides no proved step connects."""


def _final(cls):
    """A kernel class is final: a subclass could bring its own behaviour (an ``apply``, an
    ``__eq__``, a ``reductions`` that returns zeros) that the kernel would believe."""
    def refuse(sub, **kwargs):
        raise TypeError(f"{sub.__name__}: {cls.__name__} is a kernel class and cannot be "
                        "subclassed (the kernel believes only its own behaviour)")
    cls.__init_subclass__ = classmethod(refuse)
    return cls


def _module_of_caller() -> str:
    """The module that constructed a rule (the first frame outside this file)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename in (__file__, "<string>"):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "?") if frame is not None else "?"


@_final
@dataclass(frozen=True)
class Assumption:
    """A hypothesis of a derivation, stated in prose.

    ``predicates`` are SymPy ``Q`` facts about *free* symbols (for example
    ``Q.positive(n)``; they never refine a bound variable); ``substitutions``
    are equations the assumption makes true (``E(w) = 0`` for zero-mean
    weights), usable as rewrite rules.  Every assumption a step uses must be
    listed in the derivation's ``assumptions``: rules are derivation-wide.
    """

    name: str
    statement: str
    predicates: tuple = ()
    substitutions: tuple[sp.Eq, ...] = ()
    #: symbols of the substitutions that are universally quantified (``E(w_i w_j) =
    #: Var(w) delta_ij`` for all i, j): matched as patterns, also under binders
    variables: tuple = ()

    def __post_init__(self):  # a subclass may fill in ``variables`` (and call this)
        for name in ("predicates", "substitutions", "variables"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for eq in self.substitutions:
            if not isinstance(eq, sp.Equality):
                raise ValueError(f"Assumption {self.name!r}: substitutions holds "
                                 f"{sp.sstr(eq)}, not an equation (SymPy evaluated it): "
                                 "state it with sp.Eq(lhs, rhs, evaluate=False)")
        for v in self.variables:  # x_i for every i quantifies i; as a variable, x[i] was
            # matched at every real value, and x_i^2 = 1 rewrote y^2 to y
            if not isinstance(v, sp.Symbol):
                raise TypeError(f"Assumption {self.name!r}: the variable {sp.sstr(v)} is no "
                                "symbol: quantify the symbols it is made of (the index "
                                "i of x[i], the argument t of f(t))")
        for p in self.predicates:  # a schema's variable ranges over its declaration
            quantified = sorted(map(str, sp.sympify(p).free_symbols & set(self.variables)))
            if quantified:
                raise ValueError(
                    f"Assumption {self.name!r}: the predicate {sp.sstr(p)} speaks of "
                    f"{', '.join(quantified)}, which the substitutions quantify: a predicate "
                    "refines free symbols only, and a quantified variable ranges over its "
                    "declaration (declare it: Symbol('a', positive=True))")

    def apply(self, expr: sp.Expr) -> sp.Expr:
        expr = alpha_normal(expr)
        for eq in self.substitutions:  # what the left side needs besides the variables it
            if not _parts(eq.lhs) - set(self.variables) <= _parts(expr):  # quantifies: else
                continue  # nothing in expr can match it
            if self.variables:
                expr = _schema_rewrite(expr, eq.lhs, eq.rhs, self.variables)
            else:
                expr = expr.subs(alpha_normal(eq.lhs), eq.rhs)
        return expr

    @property
    def kind(self) -> str:
        return "assumption"


def _parts(e: sp.Expr) -> set:
    """The names and function heads a substitution of ``e`` needs to find in an expression
    before it can match there."""
    e = sp.sympify(e)  # symbols only: an entry a sum binds is free to SymPy by its own name
    return {q for q in e.free_symbols if isinstance(q, sp.Symbol)} | {
        f.func for f in e.atoms(sp.Function)}


def _meets(e: sp.Expr, v: sp.Symbol) -> bool:
    """Whether ``e`` may stand for the quantified symbol ``v`` (it has all v's assumptions)."""
    return unmet_assumption(v, e) is None


def _may_stand(e: sp.Expr, v: sp.Symbol) -> bool:
    """Whether a pattern's quantified ``v`` (an assumption's or a lemma schema's) may match
    ``e``: ``e`` has v's assumptions and is not random.  A statement for every v was made for
    constants: E(a U) = a/2 for every constant a says nothing of a = U."""
    from .axioms.expectation import is_random  # the registry of random names

    return _meets(e, v) and not is_random(e, ())


def _schema_rewrite(expr: sp.Expr, lhs: sp.Expr, rhs: sp.Expr, variables: tuple) -> sp.Expr:
    """``expr`` with every instance of the schema ``lhs = rhs`` (for every value of
    ``variables`` that may stand for them, :func:`_may_stand`) rewritten.  A value may not
    depend on a variable a derivative of the pattern takes: d(a z)/dz = a for every constant
    a says nothing of a = sin z."""
    # one Wild per variable, named by its place: two variables may print alike (two Dummy
    # "a"), and a match is handed over by name
    wild = {v: sp.Wild(f"w{k}_", properties=(lambda e, v=v: _may_stand(e, v),))
            for k, v in enumerate(variables)}
    pattern, result = alpha_normal(lhs).xreplace(wild), alpha_normal(rhs).xreplace(wild)
    wrt = [v for dv in pattern.atoms(sp.Derivative) for v in dv.variables]

    binds = bound_variables(result) | bound_variables(pattern)

    def put(**match) -> sp.Expr:
        table = {w: match[w.name] for w in wild.values() if w.name in match}
        taken = {q.xreplace(table) for q in wrt}
        if any(_mentions(value, taken) for w, value in table.items() if w not in wrt):
            return pattern.xreplace(table)  # the instance as it was: not rewritten
        # a value naming a variable the result binds would be captured by it: alpha-normal
        # names are by height, so an outer sum's index and the result's own may coincide
        # (sin(j) under sum_j put into 6 sin(a) = sum_k k sin(a) became sum_k k sin(k)); one
        # naming a variable the pattern binds is no constant (sum_k a (-1)^k = 0 for every a
        # matched a = k, and gave sum_k k (-1)^k = 0)
        if any(value.free_symbols & binds for value in table.values()):
            return pattern.xreplace(table)
        return result.xreplace(table)

    return expr.replace(pattern, put)


def _false_schema(a: Assumption) -> str | None:
    """Why a quantified assumption is false, or None: an equation for every value of its
    variables that speaks of nothing else and no undefined function (sin t = 0 for every
    real t) is a statement of mathematics, not a hypothesis; a point that refutes it (the
    numeric search, which can only refuse) shows it false, and from it anything follows."""
    from .refutation import numeric_refutation  # not trusted: it can only refuse

    for eq in a.substitutions if a.variables else ():
        if eq.free_symbols <= set(a.variables):
            # more points than a step's cross-check: a schema true on half its domain
            # (|a| = a for every real a) is false at one point in two
            point = numeric_refutation(eq.lhs, eq.rhs, a.predicates, points=16)
            if point is not None:
                return (f"the assumption {a.name!r} says {_text(eq.lhs)} = "
                        f"{_text(eq.rhs)} for every {', '.join(map(str, a.variables))}, "
                        f"which is false at {point}: from it anything would follow")
    return None


def _declared(sym: sp.Symbol) -> dict:
    """The assumption keys declared of ``sym``, True or False (the others follow from them);
    an entry x[i] has those its family was declared with, an application f(t) those of its
    function (SymPy keeps a function's keys with those they imply)."""
    if isinstance(sym, AppliedUndef):
        return {k: v for k, v in getattr(sym.func, "_kwargs", {}).items() if v is not None}
    if isinstance(sym, sp.Indexed):
        sym = sym.base.label
    out = {k: holds for k, holds in getattr(sym, "_assumptions_orig", {}).items()
           if holds is not None}
    if getattr(sym, "is_commutative", None) is not None:  # a default, never written out
        out.setdefault("commutative", sym.is_commutative)
    return out


#: the keys a symbol may be declared with: a field, an ordered one, the integers and their
#: parity, and signs.  SymPy's rules for the complements (irrational, non-real, noninteger,
#: transcendental, imaginary) are wrong: an integer power of an irrational is irrational to
#: it (x^2 = 2 false for every irrational x, though sqrt(2) is one), and a product of two
#: non-real numbers non-real (i i = -1)
#: (no extended key: a symbol stands for a finite number; one declared extended_positive
#: may be oo, where SymPy's cancellations and limits do not hold: e^x + (1 - e^x) = 1 and
#: lim_(t -> 0+) e^(-x t) = 1 were proved of such an x)
DECLARABLE = frozenset({"commutative", "complex", "finite", "real", "rational", "integer",
                        "even", "odd", "zero", "nonzero", "positive", "negative", "nonnegative",
                        "nonpositive"})
#: the keys a symbol may be declared not to have: a sign, of a real symbol (zero also of a
#: complex one), and commutativity
_SIGNS = frozenset({"positive", "negative", "nonnegative", "nonpositive"})


def declaration_refusal(sym: sp.Symbol) -> str | None:
    """Why ``sym``'s declaration is one SymPy reasons about unsoundly, or None
    (:data:`DECLARABLE`).

    >>> declaration_refusal(sp.Symbol("x", irrational=True))  # doctest: +ELLIPSIS
    "the symbol x is declared irrational: SymPy's rules for such a domain are not sound ..."
    """
    declared = _declared(sym)
    if declared.get("commutative") is False:
        return (f"the symbol {sym} is declared noncommutative: SymPy's simplification and "
                "chain rule take factors to commute (sin A cos B + cos A sin B = sin(A + B) "
                "was proved, false for matrices); the kernel speaks of numbers")
    unsound = _unsound_keys(declared, sym.is_extended_real is True)
    return None if not unsound else (
        f"the symbol {sym} is declared {unsound[0]}: SymPy's rules for such a domain are not "
        "sound (an integer power of an irrational is irrational to it, a product of "
        "non-real numbers non-real; an extended sign lets it be oo, where x - x is "
        f"not 0); declare it with {', '.join(sorted(DECLARABLE - {'commutative'}))}, or a "
        "sign declared False of a real symbol")


def _unsound_keys(declared: dict, real: bool) -> list[str]:
    """The keys of ``declared`` (key -> True/False) neither :data:`DECLARABLE` nor following
    from those, written "key" or "not key"."""
    base = {k: v for k, v in declared.items() if (v is True and k in DECLARABLE) or (
        v is False and (k == "zero" or (k in _SIGNS and real)))}
    follows = sp.Dummy(**base).assumptions0  # a key SymPy derives from them may be written
    return [key if holds is True else f"not {key}" for key, holds in declared.items()
            if key not in base and follows.get(key) is not holds]


def _rough_functions(e: sp.Expr, variables: set) -> list[str]:
    """The undefined functions applied in ``e`` to something that moves with ``variables``
    and not declared ``smooth`` (infinitely differentiable, a hypothesis listed with the
    function's declaration): nothing shows such a function has a derivative or an
    integral there.  A law's draw (U(0, b)) is a random variable, not a function: what its
    parameter does to it the draw's own rules say; nor is a head the axioms give a meaning
    with a kink (:data:`KINKED_HEADS`: ReLU is continuous, and its kink is a side
    condition of its own)."""
    from .axioms.expectation import RANDOM_HEADS

    return sorted({str(q.func) for q in e.atoms(AppliedUndef)
                   if getattr(q.func, "_kwargs", {}).get("smooth") is not True
                   and q.func not in RANDOM_HEADS and q.func not in KINKED_HEADS
                   and any(_mentions(a, variables) for a in q.args)})


def _hooks(f) -> list:
    """What the class of the undefined function ``f`` holds beyond what ``sp.Function(name,
    **keys)`` makes: behaviour of its own (``__dict__=`` is SymPy's public way to it)."""
    plain = sp.Function(f.__name__, **getattr(f, "_kwargs", {}))
    return sorted(k for k, v in vars(f).items() if k not in vars(plain) or (
        k.startswith("is_") and v != vars(plain)[k]))


def function_declaration_refusal(f) -> str | None:
    """Why an undefined function's declaration is one SymPy reasons about unsoundly, or None:
    a function takes the keys a symbol may (:func:`declaration_refusal`).  Declared not real,
    a product of two of its values was no real number to SymPy (i i = -1); declared extended
    positive, lim_(t -> 0+) e^(-F t) was 1 (it is 0 where F = oo).

    >>> function_declaration_refusal(sp.Function("F", extended_positive=True))[:44]
    'the function F is declared with keys SymPy r'
    """
    hooks = _hooks(f)
    if hooks:  # sp.Function("f", __dict__={"fdiff": ...}) brings its own derivative: d f/dh
        # = 0 was proved of every smooth f
        return (f"the function {f} brings its own {', '.join(hooks)}: an undefined function "
                "is declared by its name and keys alone (sp.Function(name, real=True, ...))")
    # SymPy takes a function equal to f by name and keys for f, and its cache hands back
    # the twin's applications where the kernel builds f's (sum_k f(k) = 0 was proved of every
    # f, with a twin whose _eval_subs gave 0 made before the proof)
    def family(c):
        for g in c.__subclasses__():
            yield g
            yield from family(g)

    twins = [g for g in family(AppliedUndef) if g is not f and g == f and _hooks(g)]
    if twins:
        return (f"a function equal to {f} (by name and keys) brings its own "
                f"{', '.join(_hooks(twins[0]))} in this process: SymPy's cache may hand its "
                f"applications back for {f}'s")
    declared = {k: v for k, v in getattr(f, "_kwargs", {}).items() if v is not None}
    if declared.pop("smooth", True) is not True:  # the kernel's own key: True or absent
        return f"the function {f} is declared smooth=False: declare smooth=True or nothing"
    if declared.get("commutative") is False:
        return f"the function {f} is declared noncommutative: the kernel speaks of numbers"
    real = declared.get("extended_real") is True or declared.get("real") is True
    unsound = _unsound_keys(declared, real) if declared else []
    return None if not unsound else (
        f"the function {f} is declared with keys SymPy reasons about unsoundly "
        f"({', '.join(sorted(unsound)[:3])}{', ...' if len(unsound) > 3 else ''}); declare it "
        "with the keys a symbol may take "
        f"({', '.join(sorted(DECLARABLE - {'commutative'}))}, or a sign declared False of a "
        "real function)")


def _askable(e: sp.Basic) -> bool:
    """Whether SymPy's ``ask`` is sound about ``e``: it is free of the imaginary unit and of
    fractional powers of a base not shown nonnegative.  There ``ask`` has answered wrongly
    (sqrt(x) real for every real x; exp(I x) - 1 nonzero and exp(I x) not positive for an
    integer x, false at x = 0)."""
    return not e.has(sp.I) and not any(
        isinstance(q, sp.Pow) and not q.exp.is_integer and q.base.is_nonnegative is not True
        for q in sp.preorder_traversal(e))


#: a relation is asked as the sign of its difference, an extended sign as the sign (which
#: implies it): SymPy's own route for them (is_eq, is_ge, the extended predicates) errs,
#: ask(Q.eq(x - y, 0), Q.zero(y)) and ask(Q.le(2x - y, 0), Q.nonnegative(2x - y)) are False
_AS_SIGN = {sp.Q.gt: sp.Q.positive, sp.Q.ge: sp.Q.nonnegative, sp.Q.lt: sp.Q.negative,
            sp.Q.le: sp.Q.nonpositive, sp.Q.eq: sp.Q.zero, sp.Q.ne: sp.Q.nonzero}
_AS_FINITE = {sp.Q.extended_positive: sp.Q.positive, sp.Q.extended_negative: sp.Q.negative,
              sp.Q.extended_nonnegative: sp.Q.nonnegative,
              sp.Q.extended_nonpositive: sp.Q.nonpositive, sp.Q.extended_nonzero: sp.Q.nonzero}


#: the signs ask takes to imply real: its "not positive" of a number not shown real says
#: nothing of the number's sign (ask(Q.nonzero(log x)) is False for x < 0, and log x = i pi)
_SIGNS_OF_REALS = (sp.Q.positive, sp.Q.negative, sp.Q.nonnegative, sp.Q.nonpositive,
                   sp.Q.nonzero)


#: the predicates SymPy decides of a number by comparing it with the nearest integer: where
#: its ``equals`` cannot tell (2 cos 1 cos 2 - cos 3 - cos 1 + 2, which is 2), it says False
_BY_ROUNDING = (sp.Q.integer, sp.Q.rational, sp.Q.even, sp.Q.odd)


def _ask(query, facts: tuple = ()) -> bool | None:
    """SymPy's ``ask`` where it is sound (:func:`_askable`), from the facts it reads soundly
    (SymPy's linear-arithmetic solver, which split x != c into cases and then erred, is
    switched off), of a sign (:data:`_AS_SIGN`); elsewhere no verdict."""
    if not _askable(query):
        return None
    function = getattr(query, "function", None)
    if function in _AS_SIGN:
        query = _AS_SIGN[function](query.arguments[0] - query.arguments[1])
    elif function in _AS_FINITE:  # positive implies extended positive; not the converse
        query = _AS_FINITE[function](*query.arguments)
    # one unsound fact could decide anything
    facts = tuple(f for f in facts if _askable(f))
    verdict = sp.ask(query, sp.And(*facts) if facts else True)
    if verdict is False and function in _BY_ROUNDING and query.arguments[0].is_number:
        return None  # SymPy's "no integer" of a number is "not shown equal to the nearest"
    if verdict is False and query.function in _SIGNS_OF_REALS and sp.ask(
            sp.Q.real(query.arguments[0]), sp.And(*facts) if facts else True) is not True:
        return None  # not (real and nonzero) is no "= 0": log x != 0 for x < 0
    return None if function in _AS_FINITE and verdict is False else verdict


def _linear_values(eq: sp.Equality) -> dict:
    """The rational value ``eq`` gives each name it is linear in (2 x + 2 = 0 gives x = -1); a
    coefficient that may be 0 only makes the equation stronger, so a contradiction read
    from such a value is one of the hypotheses."""
    gap = eq.lhs - eq.rhs
    out: dict = {}
    if gap.has(*_BINDERS, sp.Limit, sp.Subs):
        return out
    for name in sorted(gap.free_symbols | gap.atoms(AppliedUndef), key=sp.default_sort_key):
        try:
            poly = sp.Poly(gap, name)
        except sp.PolynomialError:  # delta(i, j) is no polynomial in i
            continue
        if poly.degree() != 1:
            continue
        slope, rest = poly.all_coeffs()
        value = sp.expand(-rest / slope)
        if not value.has(sp.Function) and value.is_finite:  # a number SymPy compares fast
            out[name] = value
    return out


def _contradicted_declaration(name: sp.Basic, value, facts: tuple = ()) -> str | None:
    """A key that ``name`` (a symbol, an entry, or an application of a declared function) is
    declared with and ``value`` is shown not to have (declared not to have: shown to have),
    or None.  Not shown is no contradiction: y = v for a positive v says y > 0."""
    keys = _declared(name) if isinstance(name, sp.Symbol | sp.Indexed | AppliedUndef) else {}
    value = sp.sympify(value)
    for key, holds in sorted(keys.items(), key=lambda kv: (kv[0] not in DECLARABLE,
                                                          not kv[1], kv[0])):
        if key == "commutative":
            continue
        q = getattr(sp.Q, key, None)
        shown = getattr(value, f"is_{key}", None)
        if shown is None and q is not None:
            shown = _ask(q(value), tuple(facts))
        if shown is (not holds):
            return key if holds else f"not {key}"
    return None


def unmet_assumption(sym: sp.Symbol, value, facts: tuple = ()) -> str | None:
    """The first assumption key declared True of ``sym`` (integer, even, prime, positive, ...)
    that ``value`` is not shown to have, or None: wherever a symbol is given a value (a
    lemma's instantiation, a schema's match, a Solve's root, a definition) every key must
    be shown of the value, by SymPy's assumptions, the facts, or ``ask``."""
    value = sp.sympify(value)
    for key, holds in _declared(sym).items():
        if holds is False:  # integer=False: the value must be shown not an integer
            if getattr(value, f"is_{key}", None) is False:
                continue
            q = getattr(sp.Q, key, None)
            if q is not None and _ask(q(value), tuple(facts)) is False:
                continue
            return f"not {key}"
        if getattr(value, f"is_{key}", None) is True:
            continue
        if facts and any(getattr(_strengthen(v, tuple(facts)), f"is_{key}", None) is True
                         for v in (value, *_shift(value, tuple(facts)))):
            continue
        if key in ("positive", "nonnegative", "nonzero", "negative", "nonpositive") and \
                _shown(key, value, tuple(facts)):
            continue
        q = getattr(sp.Q, key, None)
        if q is not None and _ask(q(value), tuple(facts)) is True:
            continue
        return key
    return None


@_final
@dataclass(frozen=True)
class Axiom:
    """A rule trusted rather than proved, applied as a rewrite.

    ``rule`` is an equation (rewrite ``lhs`` to ``rhs`` wherever it occurs) or
    a function from expression to expression (for example linearity of
    expectation).  Axioms live in :mod:`derivations.axioms` (``origin`` records
    the module that made one; the kernel refuses an axiom made anywhere else).
    """

    name: str
    statement: str
    rule: sp.Eq | Callable[[sp.Expr], sp.Expr]
    reference: str = ""
    #: the module that made it, recorded by the constructor (never given by the caller)
    origin: str = field(default="", init=False, compare=False)
    #: names the axiom gives a meaning (symbols such as mu = (1/m) sum x_k, or undefined
    #: functions such as a recurrence's x): no lemma resting on it may instantiate them or
    #: its claims about them, no Solve, Definition or assumption may give them another
    #: value, and no derivation may use two axioms that give one name two meanings
    fixes: tuple = ()
    #: what ``fixes`` means, compared between axioms that fix one name (the statement if empty)
    meaning: str = field(default="", compare=False)
    #: for each symbol it fixes, ``Eq(name, what it names)``: predicates about the name are
    #: checked against it (a predicate about a fixed name with no such equation is refused)
    defines: tuple = ()
    #: the hypotheses it holds under (0 < p < 1 for a Bernoulli law): a derivation that
    #: uses it must show each from its predicates, so its lemmas carry them
    requires: tuple = ()
    #: axioms its own rewrite applies (an induction's guard peels sums): listed as trusted
    rests_on: tuple = ()
    #: the names it treats as random, taking every other symbol for a constant (linearity
    #: and independence of expectation): no assumption of a derivation that uses it may
    #: make such a constant equal to something random
    randoms: tuple = ()
    #: groups of random names it takes for mutually independent (each a tuple of names): no
    #: assumption of a derivation that uses it may tie a name of one group to another's
    independent: tuple = ()
    #: the names its rewrite may bring in (a law's parameters p, N, g; a notation's mu): fixed
    #: wherever it is used (no lemma instantiates them, no definition or Solve gives them a
    #: value) and never random; a rewrite that brings in an undeclared name is refused (an
    #: equation's own symbols need no declaration)
    names: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "origin", _module_of_caller())
        object.__setattr__(self, "independent", tuple(tuple(g) for g in self.independent))
        for name in ("fixes", "requires", "rests_on", "randoms", "defines", "names"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for eq in self.defines:
            if not isinstance(eq, sp.Equality) or eq.lhs not in self.fixes:
                raise TypeError(f"Axiom {self.name!r}: defines={eq!r} must hold Eq(name, "
                                "expression) for names it fixes")
        for r in self.rests_on:
            if type(r) is not Axiom:
                raise TypeError(f"Axiom {self.name!r}: rests_on={r!r} must hold kernel Axioms")
        if not self.meaning:
            object.__setattr__(self, "meaning", self.statement)

    def apply(self, expr: sp.Expr) -> sp.Expr:
        """The rewrite of ``expr`` (the kernel hands it alpha-normal expressions, in which
        no rewrite can capture a bound variable)."""
        if not isinstance(self.rule, sp.Equality):
            return self.rule(expr)
        out = expr.subs(self.rule.lhs, self.rule.rhs)
        if out == expr:  # a pattern with bound variables matches their normal names
            normal = alpha_normal(expr)
            out = normal.subs(alpha_normal(self.rule.lhs), self.rule.rhs)
            return expr if out == normal else out
        return out

    @property
    def kind(self) -> str:
        return "axiom"


def axiom_closure(rules) -> list[Axiom]:
    """The axioms among ``rules`` and, transitively, those their rewrites apply
    (``rests_on``), first use first: an axiom's requirements, the names it fixes and
    defines and the names it takes for random are those of everything it rests on too."""
    out: list[Axiom] = []

    def add(r) -> None:
        if isinstance(r, Axiom) and r not in out:
            out.append(r)
            for q in r.rests_on:
                add(q)

    for r in rules:
        add(r)
    return out


@_final
@dataclass(frozen=True)
class Definition:
    """``symbol := expr``: a fresh name for an expression (conservative, not an axiom).

    The kernel checks that ``symbol`` is fresh (it occurs in ``expr``, in no
    other definition, assumption, lemma, axiom or predicate of the derivation,
    and is no Solve's unknown), then treats ``symbol = expr`` as proved and
    uses it as a rewrite ``symbol -> expr``.
    """

    symbol: sp.Symbol
    expr: sp.Expr
    statement: str = ""

    def __post_init__(self):
        if not isinstance(self.symbol, sp.Symbol):
            raise TypeError(f"Definition: symbol={self.symbol!r} must be a sympy Symbol")
        object.__setattr__(self, "expr", sp.sympify(self.expr))

    @property
    def name(self) -> str:
        return f"definition of {self.symbol}"

    @property
    def kind(self) -> str:
        return "definition"

    def apply(self, expr: sp.Expr) -> sp.Expr:
        return alpha_normal(expr).xreplace({self.symbol: self.expr})


@_final
@dataclass(frozen=True)
class Lemma:
    """A claim proved by another derivation, used as a rewrite rule.

    Only :meth:`Derivation.lemma` makes one that the kernel accepts: the kernel
    checks at every use that ``derivation`` proves the claim ``source``, that
    ``equation`` is that claim under ``mapping`` (an instantiation of its
    universally quantified symbols, :meth:`instantiate`), and that the current
    derivation lists the source's assumptions and predicates.
    """

    name: str
    equation: sp.Eq
    source: str  # the claim id that establishes it
    derivation: Derivation | None = field(default=None, compare=False, repr=False)
    mapping: tuple = ()
    #: quantified symbols matched as patterns (also under binders): :meth:`for_all`
    variables: tuple = ()

    def __post_init__(self):  # frozen all the way down, as a derivation's fields
        object.__setattr__(self, "mapping", tuple(tuple(pair) for pair in self.mapping))
        object.__setattr__(self, "variables", tuple(self.variables))

    def apply(self, expr: sp.Expr) -> sp.Expr:
        expr = alpha_normal(expr)
        if self.variables:
            return _schema_rewrite(expr, self.equation.lhs, self.equation.rhs, self.variables)
        return expr.subs(alpha_normal(self.equation.lhs), self.equation.rhs)

    def for_all(self, *variables: sp.Symbol) -> Lemma:
        """The lemma as a schema over ``variables`` (proved for a generic row ``r``, it
        rewrites every instance, also inside ``Sum(..., (r, 1, m))``); the kernel checks
        that the source quantifies over them."""
        return Lemma(self.name, self.equation, self.source, self.derivation, self.mapping,
                     tuple(variables))

    @property
    def kind(self) -> str:
        return "lemma"

    @property
    def statement(self) -> str:
        eq = self.equation
        return f"{_text(eq.lhs)} = {_text(eq.rhs)} (proved as {self.source})"

    @property
    def assumptions(self) -> tuple:
        """The hypotheses this lemma carries: the assumptions its source claim's proved
        chain rests on (those applied on the chain, those its own lemmas carry, and the
        source's predicate and prose assumptions).  A Solve discharges the assumption
        that names its unknown: ``v = 1/n_in`` does not rest on ``Var(w) = v``."""
        if self.derivation is None:
            return ()
        deps = proof_of(self.derivation).dependencies
        return tuple(dict.fromkeys(deps.get(self.source, self.derivation.assumptions)))

    @property
    def predicates(self) -> tuple:
        if self.derivation is None:
            return ()
        m = dict(self.mapping)
        return tuple(p.xreplace(m) for p in self.derivation.all_predicates())

    def instantiate(self, mapping: dict, name: str | None = None) -> Lemma:
        """The lemma with universally quantified symbols replaced (``n -> n_in``).

        The kernel accepts it only if every replaced symbol is universally
        quantified in the source (not fixed by its assumptions, predicates,
        definitions or Solve steps) and every value meets the symbol's assumptions.
        """
        m = dict(self.mapping)
        m = {k: sp.sympify(v).xreplace(mapping) for k, v in m.items()}
        for k, v in mapping.items():
            m.setdefault(k, sp.sympify(v))
        eq = self.equation
        return Lemma(name=name or self.name,
                     equation=sp.Eq(eq.lhs.xreplace(mapping), eq.rhs.xreplace(mapping),
                                    evaluate=False),
                     source=self.source, derivation=self.derivation,
                     mapping=tuple(sorted(m.items(), key=lambda kv: str(kv[0]))))


Rule = Assumption | Axiom | Lemma | Definition
#: the only rule types the kernel applies (exactly these, no subclass)
KERNEL_RULES = (Assumption, Axiom, Lemma, Definition)

#: The kinds of trusted item a proof can rest on, in the order the report lists them.
TRUSTED_KINDS = ("axiom", "definition", "assumption", "predicate", "symbol assumption")


@_final
@dataclass(frozen=True)
class Trusted:
    """One thing a proof trusts rather than proves, as the report lists it."""

    kind: str  # one of TRUSTED_KINDS
    name: str
    statement: str
    reference: str = ""


# ---------------------------------------------------------------- binders

#: Bound variables are renamed to ``RESERVED + height``; no user symbol may use the prefix.
RESERVED = "β_"
TEMPORARY = "γ_"  # bound variables on the way to their reserved names
_BINDERS = (sp.Sum, sp.Product, sp.Integral)
#: binders that give their variable one value (renamed like the others, so that nothing a
#: rule puts under them is captured: Subs(c, x, 0) with c := x is x, not 0)
_VALUE_BINDERS = (sp.Subs, sp.Limit)


def _binding(node: sp.Basic) -> set:
    """The symbols one node binds (empty for a node that binds nothing)."""
    if isinstance(node, (*_BINDERS, sp.Lambda, sp.Subs, sp.Derivative)):
        return set(node.variables)
    if isinstance(node, sp.Limit):
        return {node.args[1]}
    return set()


def _shadowed(e: sp.Basic, outer: frozenset = frozenset()) -> set:
    """The symbols that a binder in ``e`` binds inside the scope of another binder of the
    same symbol (Sum, Product, Integral, Lambda, Subs, Limit: the binders alpha-normal
    names make distinct).

    >>> b = sp.Symbol("b")
    >>> _shadowed(sp.Sum(sp.Sum(b, (b, 1, 1)), (b, 0, 3)))
    {b}
    """
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return set()
    binds = frozenset() if isinstance(e, sp.Derivative) else frozenset(_binding(e))
    out = set(binds & outer)
    if isinstance(e, _BINDERS):  # sum_a sum_b is one Sum: its limits nest too
        names = [lim[0] for lim in e.limits]
        out |= {v for k, v in enumerate(names) if v in names[:k]}
    for a in e.args:
        out |= _shadowed(a, outer | binds)
    return out


def bound_variables(e: sp.Basic) -> set:
    """Every symbol a node of ``e`` binds: the variables of a Sum, Product, Integral,
    Lambda, Subs or Limit, and those of a Derivative (d/dx reads its body as a function of
    x: a value put in for another symbol may not depend on x).  These are all the binders
    of the kernel's vocabulary.

    >>> x, a = sp.symbols("x a")
    >>> sorted(bound_variables(sp.Limit(x + a, x, 0) + sp.Derivative(a * x, a)), key=str)
    [a, x]
    """
    return set().union(*(_binding(n) for n in sp.preorder_traversal(sp.sympify(e))))


def _bound_name(var: sp.Symbol, height: int) -> sp.Symbol:
    return sp.Symbol(f"{RESERVED}{height}", **var.assumptions0)


@functools.lru_cache(maxsize=20000)
def _alpha(expr: sp.Basic) -> tuple[sp.Basic, int]:
    if expr.is_Atom or not expr.args:
        return expr, 0
    if isinstance(expr, sp.Lambda):
        body, h = _alpha(expr.expr)
        names = {v: _bound_name(v, h + 1 + k) for k, v in enumerate(expr.variables)}
        return sp.Lambda(tuple(names.values()), body.xreplace(names)), h + len(names)
    if isinstance(expr, _VALUE_BINDERS) and isinstance(expr, sp.Subs):  # points: outside
        body, h = _alpha(expr.expr)
        names = {v: _bound_name(v, h + 1 + k) for k, v in enumerate(expr.variables)}
        points = [_alpha(q) for q in expr.point]
        return (sp.Subs(body.xreplace(names), tuple(names.values()),
                        tuple(q for q, _ in points)),
                max([h + len(names), *(k for _, k in points)]))
    if isinstance(expr, _VALUE_BINDERS):  # a Limit: its point is outside its scope too
        (body, h), (point, k) = _alpha(expr.args[0]), _alpha(expr.args[2])
        new = _bound_name(expr.args[1], h + 1)
        return (sp.Limit(body.xreplace({expr.args[1]: new}), new, point, str(expr.args[3])),
                max(h + 1, k))
    if isinstance(expr, _BINDERS):
        body, h = _alpha(expr.function)
        limits, height = [], h
        for lim in expr.limits:  # innermost first
            var, rest = lim[0], [_alpha(q)[0] for q in lim[1:]]
            height += 1
            new = _bound_name(var, height)
            body = body.xreplace({var: new})
            # an inner limit may mention this outer variable: it is bound there too
            limits = [(v, *(q.xreplace({var: new}) for q in bounds))
                      for v, *bounds in limits]
            limits.append((new, *rest))
        return expr.func(body, *limits), height
    args = [_alpha(a) for a in expr.args]
    return expr.func(*(a for a, _ in args)), max(h for _, h in args)


def _distinct(expr: sp.Basic, counter: list) -> sp.Basic:
    """Every bound variable renamed to its own ``γ_k`` (k counts binders, top-down), so
    that no later renaming can capture: after this no binder shares a name."""
    if expr.is_Atom or not expr.args:
        return expr
    if isinstance(expr, (*_BINDERS, sp.Lambda, *_VALUE_BINDERS)):
        names = {}
        for v in (expr.variables if isinstance(expr, sp.Lambda | sp.Subs) else
                  [expr.args[1]] if isinstance(expr, sp.Limit) else
                  [lim[0] for lim in expr.limits]):
            counter[0] += 1
            names[v] = sp.Symbol(f"{TEMPORARY}{counter[0]}", **v.assumptions0)
        if isinstance(expr, sp.Subs):
            return sp.Subs(_distinct(expr.expr.xreplace(names), counter),
                           tuple(names.values()),
                           tuple(_distinct(q, counter) for q in expr.point))
        if isinstance(expr, sp.Limit):
            return sp.Limit(_distinct(expr.args[0].xreplace(names), counter),
                            names[expr.args[1]], _distinct(expr.args[2], counter),
                            str(expr.args[3]))
        if isinstance(expr, sp.Lambda):
            return sp.Lambda(tuple(names.values()),
                             _distinct(expr.expr.xreplace(names), counter))
        # a limit may mention an outer variable (bound there too), never its own
        limits = [(names[lim[0]], *(_distinct(q.xreplace(
            {o[0]: names[o[0]] for o in expr.limits[k + 1:]}), counter) for q in lim[1:]))
            for k, lim in enumerate(expr.limits)]
        return expr.func(_distinct(expr.function.xreplace(names), counter), *limits)
    return expr.func(*(_distinct(a, counter) for a in expr.args))


def alpha_normal(expr) -> sp.Basic:
    """``expr`` with every variable bound by a Sum, Product, Integral, Lambda, Subs or
    Limit renamed to a reserved name fixed by the binder's height (1 + the height of the binders
    inside it): equal terms get equal names on both sides of a step, a binder never
    shares its name with a binder inside it or with a free symbol, so no
    substitution can capture a variable, and predicates (about free symbols)
    cannot refine a bound one.

    >>> i, n = sp.symbols("i n", integer=True, positive=True)
    >>> alpha_normal(sp.Sum(i, (i, 1, n)))
    Sum(β_1, (β_1, 1, n))
    """
    expr = sp.sympify(expr)
    if not isinstance(expr, sp.Basic) or not expr.has(*_BINDERS, sp.Lambda, *_VALUE_BINDERS):
        return expr
    return _alpha_normal(expr)


@functools.lru_cache(maxsize=20000)
def _alpha_normal(expr: sp.Basic) -> sp.Basic:  # a function of the tree alone
    return _alpha(_distinct(expr, [0]))[0]


def unfold_subs(expr) -> sp.Basic:
    """``expr`` with each Subs carried out except on the derivatives in its body, which keep
    it (d/dy f(y) at y = 0 has no other form), in alpha-normal names (so nothing is
    captured).  What the kernel checks it reads through a Subs: Subs(|y|, y, x) has its kink
    at x = 0, and a check keyed on x missed it (d/dx of it at 0 was proved 0).

    >>> x, y = sp.symbols("x y", real=True)
    >>> unfold_subs(sp.Subs(sp.Abs(y) * sp.Derivative(y**2, y), y, x))
    Abs(x)*Subs(Derivative(β_1**2, β_1), β_1, x)
    """
    expr = sp.sympify(expr)
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Subs):
        return expr

    def one(s: sp.Subs) -> sp.Expr:
        table = dict(zip(s.variables, s.point, strict=True))

        def cut(q):
            if q in table:
                return table[q]
            if isinstance(q, sp.Derivative):  # d/dy at a point: the Subs stays on it
                keep = [(v, p) for v, p in table.items() if _mentions(q, {v})]
                return sp.Subs(q, *zip(*keep, strict=True)) if keep else q
            if not isinstance(q, sp.Basic) or q.is_Atom or not q.args:
                return q
            return q.func(*(cut(a) for a in q.args))

        return cut(s.expr)

    return alpha_normal(expr).replace(lambda q: isinstance(q, sp.Subs), one)


# ---------------------------------------------------------------- side conditions

def _shift(expr: sp.Expr, facts: tuple) -> list[sp.Expr]:
    """``expr`` rewritten with each bounded symbol as its bound plus a nonnegative slack
    (``m >= 2``: ``m = 2 + s``, ``s >= 0``), so that ``ask`` sees the bound.  Its binders
    are renamed apart first: the bound of a free m is none of a bound m's."""
    expr = alpha_normal(expr)
    out = []
    for f in facts:
        rel = getattr(f, "function", None)
        if rel not in (sp.Q.ge, sp.Q.gt, sp.Q.le, sp.Q.lt) or len(f.arguments) != 2:
            continue
        lhs, rhs = f.arguments
        if not isinstance(lhs, sp.Symbol) or lhs not in expr.free_symbols:
            continue
        strict = rel in (sp.Q.gt, sp.Q.lt)
        kind = {"positive" if strict else "nonnegative": True}
        if lhs.is_integer and rhs.is_integer:  # (integer=False would exclude 0 itself)
            kind["integer"] = True
        slack = sp.Dummy("slack", **kind)
        sign = 1 if rel in (sp.Q.ge, sp.Q.gt) else -1
        out.append(expr.xreplace({lhs: rhs + sign * slack}))
    return out


@functools.lru_cache(maxsize=20000)
def _strengthen(expr: sp.Expr, facts: tuple) -> sp.Expr:
    """``expr`` with each subterm a fact calls positive / nonnegative / nonzero replaced by a
    symbol that says so, for SymPy's fast assumption system.  Its binders are renamed
    apart first: a fact of a free e says nothing of a bound e (Q.positive(1 + cos(e)) made
    prod_{e=1}^{T} (1 + cos e) nonzero)."""
    expr = alpha_normal(expr)
    table: dict = {}
    for f in facts:
        fn = getattr(f, "function", None)
        if fn not in (sp.Q.positive, sp.Q.nonnegative, sp.Q.nonzero, sp.Q.negative) or \
                len(f.arguments) != 1 or f.arguments[0].is_number:
            continue
        arg = f.arguments[0]
        keys = ("integer", "real", "positive", "nonnegative", "nonzero", "negative")
        known = [getattr(arg, "assumptions0", {}) if isinstance(arg, sp.Symbol) else {},
                 getattr(table.get(arg), "assumptions0", {})]
        facts_of = {k: True for d in known for k, v in d.items() if v is True and k in keys}
        facts_of[str(fn.name)] = True
        facts_of.setdefault("real", True)
        table[arg] = sp.Dummy(str(arg)[:12], **facts_of)
    return expr.xreplace(table) if table else expr


def _sign_known(kind: str, e: sp.Expr) -> bool:
    if kind == "positive":
        return e.is_positive is True
    if kind == "nonnegative":
        return e.is_nonnegative is True
    return e.is_nonzero is True or e.is_positive is True or e.is_negative is True


@functools.lru_cache(maxsize=20000)
def _shown(kind: str, expr: sp.Expr, facts: tuple, asking: bool = True) -> bool:
    """Whether ``expr`` is provably positive / nonnegative / nonzero under ``facts``
    (and the symbols' assumptions): SymPy's assumption system on ``expr`` with the facts
    built into its symbols, then factor by factor, then (``asking``) ``ask``."""
    if kind in ("negative", "nonpositive"):
        return _shown({"negative": "positive", "nonpositive": "nonnegative"}[kind], -expr, facts,
                      asking)
    if _sign_known(kind, _strengthen(expr, facts)):  # as written: a fact may name it whole
        return True
    expr = sp.factor_terms(expr)
    for candidate in (expr, *_shift(expr, facts)):
        if _sign_known(kind, _strengthen(candidate, facts)):
            return True
    small = sp.count_ops(expr) < 40 and not expr.has(sp.Integral, sp.Derivative, sp.Sum,
                                                      sp.Product)
    if not small:
        return False
    factored = sp.factor(expr) if expr.is_Add else expr
    if factored != expr and not factored.is_Add:  # read as factored, not factored again:
        expr = factored  # factor_terms and factor could hand a sum back and forth forever
        if _sign_known(kind, _strengthen(expr, facts)):
            return True
    if isinstance(expr, sp.Mul):  # a product: a positive coefficient and every factor
        coeff, rest = expr.as_coeff_mul()
        if kind == "nonzero":
            return all(_shown("nonzero", f, facts, asking) for f in rest)
        return coeff > 0 and all(_shown(kind, f, facts, asking) for f in rest)
    if isinstance(expr, sp.Pow) and expr.exp.is_integer:
        if expr.exp.is_even:  # of a real base only: i^2 = -1
            if _strengthen(expr.base, facts).is_extended_real is not True:
                return False
            return True if kind == "nonnegative" else _shown("nonzero", expr.base, facts, asking)
        return _shown(kind, expr.base, facts, asking)
    if isinstance(expr, sp.Pow) and expr.exp.is_rational:  # a root of a positive number
        return _shown("positive", expr.base, facts, asking)
    if asking and facts and sp.count_ops(expr) <= 8:  # last, and only on small terms: ask is slow
        asks = {"positive": (sp.Q.positive,), "nonnegative": (sp.Q.nonnegative,),
                "nonzero": (sp.Q.positive, sp.Q.negative, sp.Q.nonzero)}[kind]
        return any(_ask(q(expr), facts) is True for q in asks)
    return False


def ordered(lo, hi, facts: tuple = (), asking: bool = True) -> bool:
    """Whether ``lo <= hi`` is shown (by the symbols' assumptions, the facts or, when
    ``asking``, SymPy's slow ``ask``)."""
    gap = sp.sympify(hi) - sp.sympify(lo)
    if gap.is_nonnegative is True or _shown("nonnegative", gap, tuple(facts), asking):
        return True
    return asking and bool(facts) and _ask(sp.Q.nonnegative(gap), tuple(facts)) is True


_ENDPOINT_KEYS = ("integer", "rational", "real", "complex", "finite", "extended_real",
                  "algebraic", "hermitian", "positive", "nonnegative", "extended_positive",
                  "extended_nonnegative")


#: keys declared False that lo, lo + 1, ..., hi keep once lo has them (an alpha-normal bound
#: name carries every key SymPy derives, False ones included)
_KEPT_UPWARD = tuple(f"not {k}" for k in (
    "negative", "nonpositive", "extended_negative", "extended_nonpositive", "irrational",
    "noninteger", "transcendental", "imaginary", "infinite"))


def index_refusal(var: sp.Symbol, lo, hi, facts: tuple = ()) -> str | None:
    """Why a Sum's or Product's index ``var`` may take a value without its declared keys,
    or None: it takes lo, lo + 1, ..., hi (hi - lo an integer), so lo must have every key
    (integer, positive, ...); hi too for negative / nonpositive; a key no run of integers
    keeps (even, odd, prime, ...) only when lo = hi.  Where hi < lo - 1 is not excluded it
    may take hi + 1, ..., lo - 1 (Karr's reversed range: prod_{k=1}^{-1} k = 1/prod_{k=0}^{0} k
    is no product of positive k), and those are held to the same."""
    runs = [(lo, hi)]
    if not _shown("nonnegative", sp.sympify(hi) - sp.sympify(lo) + 1, tuple(facts)):
        runs.append((sp.sympify(hi) + 1, sp.sympify(lo) - 1))
    for first, last in runs:
        for end in (first, last):
            key = unmet_assumption(var, end, facts)
            if key is None:
                continue
            kept = key in _ENDPOINT_KEYS or key in _KEPT_UPWARD or (
                key == "not zero" and _shown("positive", first, tuple(facts)))
            if end is last and kept and unmet_assumption(var, first, facts) is None:
                continue  # integer, positive, not negative, ...: first has it, so every later
            return (f"the index {var} ({key}) ranges from {_text(lo)} to {_text(hi)}, and "
                    f"{_text(end)} is not shown {key}")
    gap = sp.sympify(hi) - sp.sympify(lo)
    if gap.is_integer is not True and not (
            facts and _ask(sp.Q.integer(gap), tuple(facts)) is True):
        return (f"the index {var} ranges from {_text(lo)} to {_text(hi)}, whose gap is not "
                "shown an integer: a finite sum or product runs over lo, lo + 1, ..., hi")
    # the sum rules (sifting by a delta at c, peeling, splitting) read an index that runs
    # over integers: from 1/2 it takes 1/2, 3/2, ..., never c = 1
    if sp.sympify(lo).is_integer is not True and not (
            facts and _ask(sp.Q.integer(lo), tuple(facts)) is True):
        return (f"the index {var} ranges from {_text(lo)}, which is not shown an integer: "
                "a finite sum or product runs over integers")
    signs = ("negative", "nonpositive", "extended_negative", "extended_nonpositive")
    odd_keys = [k for k, holds in _declared(var).items()
                if holds is True and k not in (*_ENDPOINT_KEYS, *signs, "commutative")]
    if set(odd_keys) <= {"nonzero", "extended_nonzero"} and (
            _shown("positive", lo, tuple(facts)) or _shown("negative", hi, tuple(facts))):
        odd_keys = []  # a run of one sign never meets 0
    if odd_keys and sp.sympify(hi - lo) != 0:
        return (f"the index {var} is declared {odd_keys[0]}, which a range of consecutive "
                "integers does not keep")
    return None


#: keys every value of a real interval keeps (an endpoint at infinity included)
_INTERVAL_KEYS = ("commutative", "complex", "real", "extended_real", "finite", "hermitian",
                  "infinite")
#: sign keys an interval keeps when both its endpoints have the weak sign (an endpoint
#: itself has measure zero: x positive over [0, 1] is fine)
_INTERVAL_SIGNS = {"positive": "nonnegative", "nonnegative": "nonnegative",
                   "extended_positive": "nonnegative", "extended_nonnegative": "nonnegative",
                   "negative": "nonpositive", "nonpositive": "nonpositive",
                   "extended_negative": "nonpositive", "extended_nonpositive": "nonpositive"}


def interval_refusal(var: sp.Symbol, lo, hi, facts: tuple = ()) -> str | None:
    """Why an Integral's variable ``var`` may take a value between ``lo`` and ``hi`` (in
    either order) without its declared keys, or None: a sign key needs both endpoints of
    the weak sign, nonzero an interval of one sign, and keys no interval keeps (integer,
    rational, even, ...) are refused: SymPy would simplify the integrand by them.  The range
    is a real interval: its ends are shown real (or +-oo), whatever ``var`` is declared
    (x real over [0, i] took i for one of its values, and |x|^2 = x^2 on the way gave
    int_0^i |x|^2 dx = -i/3; along the segment it is i/3)."""
    for q in (lo, hi):
        if not _shown_real(sp.sympify(q), tuple(facts)):
            return (f"the integration range of {var} from {_text(lo)} to {_text(hi)} has "
                    f"an end not shown real ({_text(q)}): an integral runs over a real "
                    "interval")
    for key, holds in _declared(var).items():
        if key in _INTERVAL_KEYS or (holds is False and key not in ("zero", "nonzero")):
            continue
        ends = (sp.sympify(lo), sp.sympify(hi))
        if key in _INTERVAL_SIGNS:
            weak = _INTERVAL_SIGNS[key]
            bad = [q for q in ends if not (q in (sp.oo, -sp.oo) and
                                           (q == sp.oo) == (weak == "nonnegative"))
                   and not _shown(weak, q, tuple(facts))]
            if not bad:
                continue
            return (f"the integration variable {var} is declared {key}, and the range from "
                    f"{_text(lo)} to {_text(hi)} is not shown {weak}")
        if key in ("nonzero", "extended_nonzero") or (key == "zero" and holds is False):
            if all(_shown("nonnegative", q, tuple(facts)) or q == sp.oo for q in ends) or all(
                    _shown("nonpositive", q, tuple(facts)) or q == -sp.oo for q in ends):
                continue
            return (f"the integration variable {var} is declared nonzero, and the range from "
                    f"{_text(lo)} to {_text(hi)} is not shown of one sign")
        return (f"the integration variable {var} is declared {key if holds else 'not ' + key}, "
                "which the values of an interval do not keep")
    return None


def point_refusal(var: sp.Symbol, point, facts: tuple = (), side: str | None = None
                  ) -> str | None:
    """Why a Subs or Limit may give ``var`` the value ``point`` (approached from ``side``,
    '+' or '-', for a one-sided limit) without its declared keys, or None.  A limit at
    infinity of an integer variable is a sequence's limit; a one-sided limit approaches
    its point from inside the sign it declares."""
    point = sp.sympify(point)
    for key, holds in _declared(var).items():
        if holds is not True or key == "commutative":
            continue
        if point in (sp.oo, -sp.oo):
            weak = _INTERVAL_SIGNS.get(key)
            if key in _INTERVAL_KEYS or key in ("integer", "rational", "nonzero",
                                                "extended_nonzero") or \
                    (weak is not None and (point == sp.oo) == (weak == "nonnegative")):
                continue
        elif side is not None and key in _INTERVAL_SIGNS:
            weak = _INTERVAL_SIGNS[key]
            if (side == "+") == (weak == "nonnegative") and _shown(weak, point, tuple(facts)):
                continue
        elif unmet_assumption(var, point, facts) != key:
            continue
        return f"gives {var} ({key}) the value {_text(point)}, not shown {key}"
    return None


def _mentions(e: sp.Basic, variables) -> bool:
    """Whether ``e`` may depend on one of ``variables``: it holds one of them free, or an
    entry of the family an Indexed one belongs to (x[j] is x[i] where j = i)."""
    variables = set(variables)
    if getattr(e, "free_symbols", set()) & variables:
        return True
    bases = {v.base for v in variables if isinstance(v, sp.Indexed)}
    return bool(bases) and any(q.base in bases for q in e.atoms(sp.Indexed))


#: undefined functions an axiom module interprets with a kink at 0 of their first argument
#: (ReLU, LeakyReLU): a derivative of one needs that argument shown nonzero, as for Abs
KINKED_HEADS: set = set()
#: undefined functions an axiom module interprets as growing at most like their arguments
#: (ReLU(h) <= |h|): :func:`_shown_convergent` counts them among factors of polynomial growth
LINEAR_GROWTH_HEADS: set = set()


def _kinks(body: sp.Expr, variables: set) -> list:
    """Where ``body`` may have no derivative in ``variables``: the expressions whose zeros
    are its kinks (the argument of an Abs, sign or Heaviside; the differences of a Max's or
    Min's arguments; the sides of a Piecewise's conditions; the base of a fractional power,
    where a root has its cusp and SymPy's 0 * (0/0) = 0 gives d/dx sqrt(x^2 + y^2) = 0 at
    x = 0 for every y), and None for a step function
    (floor, ceiling, KroneckerDelta) that jumps at every integer.  SymPy differentiates them
    as distributions (sign' = 2 delta) or by convention (H(0) = 1/2): true off the kinks."""
    out: list = []
    for node in sp.preorder_traversal(unfold_subs(body)):
        if not _mentions(node, variables):
            continue
        if isinstance(node, sp.Abs | sp.sign | sp.Heaviside) or (
                isinstance(node, AppliedUndef) and node.func in KINKED_HEADS):
            out.append(node.args[0])
        elif isinstance(node, sp.Max | sp.Min):
            args = node.args
            out += [args[k] - b for k in range(len(args)) for b in args[k + 1:]]
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                relations = sp.sympify(cond).atoms(sp.core.relational.Relational)
                out += [r.lhs - r.rhs for r in relations]
        elif isinstance(node, sp.floor | sp.ceiling | sp.KroneckerDelta):
            out.append(None)
        elif isinstance(node, sp.Pow) and not node.exp.is_integer and \
                _mentions(node.base, variables):
            out.append(node.base)  # a root's cusp: sqrt(x^2 + y^2) is |x| at y = 0
    return out


@functools.lru_cache(maxsize=4096)
def unreadable_number(q: sp.Basic) -> bool:
    """Whether ``q`` is a number whose sign the kernel cannot read: one not written as a
    number whose two values, at 30 and at 60 digits, do not agree to 10 digits, or that
    applies a function to such a number.  SymPy
    guesses the sign of a function of a number from its value at 2 digits, and a number
    that is 0 but not written as 0 (log 6 - log 2 - log 3) comes out as rounding noise
    there: tanh of it was positive to SymPy, so sign(tanh(log 6 - log 2 - log 3)) was -1.
    Rounding noise changes with the precision; a number's value does not.

    >>> unreadable_number(sp.log(6) - sp.log(2) - sp.log(3)), unreadable_number(sp.erf(1) / 7)
    (True, False)
    """
    if not isinstance(q, sp.Expr) or not q.is_number or q.is_Rational:
        return False
    if q in (sp.oo, -sp.oo, sp.zoo):
        return False
    if q.has(sp.Integral):  # evalf's quadrature: int_{-3}^{1} (sign x + 1/2) dx is 0, and
        return True  # 0.0008 at 30 digits and at 60 (its error is the jump's, not rounding)
    if any(b.has(sp.oo, -sp.oo, sp.zoo) for s in q.atoms(sp.Sum, sp.Product)
           for lim in s.limits for b in lim[1:]):
        return True  # evalf sums an infinite series by quadrature too (minutes; the index
        # refusal refuses such a sum anyway)
    if any(isinstance(node, sp.Function) and any(unreadable_number(a) for a in node.args)
           for node in sp.preorder_traversal(q) if node is not q) or (
            isinstance(q, sp.Function) and any(unreadable_number(a) for a in q.args)):
        return True  # floor(1 + erf(c)) is 1 or 0 as the noise in erf(c) falls
    try:  # a number with no value (a moment E(U(0, 1)), an undefined function's) has no
        # noise either: SymPy guesses nothing of it
        low, high = (mpmath.mpmathify(q.evalf(n)) for n in (30, 60))
    except (ValueError, TypeError, ArithmeticError, NotImplementedError):
        return False
    if not (mpmath.isfinite(low) and mpmath.isfinite(high)):
        return False
    return not (high != 0 and abs(low - high) <= abs(high) * mpmath.mpf("1e-10"))


def _number_sign(q: sp.Expr) -> int | None:
    """The sign of the number ``q`` read at 30 digits, or None where it has no real value."""
    try:
        value = mpmath.mpmathify(q.evalf(30))
    except (ValueError, TypeError, ArithmeticError, NotImplementedError):
        return None
    if not isinstance(value, mpmath.mpf):  # complex, or no value: no order
        return None
    return (value > 0) - (value < 0)


def _real_parts(q) -> bool:
    return q.base.is_extended_real is True and q.exp.is_extended_real is True


def _real_argument(q) -> bool:
    return q.args[0].is_extended_real is True


def _not_reversed(q) -> bool:
    return all((hi - lo + 1).is_extended_nonnegative is True for _, lo, hi in q.limits)


def _never(q) -> bool:
    return False


def _nonzero_factors(q) -> bool:
    return all(f.is_zero is False for f in q.args)


def _integer_factors(q) -> bool:
    return all(f.is_integer for f in q.args)


#: SymPy's assumption verdicts by rules that hold on part of their domain only, each kept
#: only where that part is shown: (class, keys, the verdict, where its rule holds).
#: :func:`_no_guess_from_noise` installs it; each row names what it got wrong.
_VERDICTS_KEPT_ONLY_WHERE = (
    # an integral is nonzero where its integrand is nowhere 0: the integrals of e^(i x) over
    # [0, 2 pi] and of sign(x) + 1/2 over [-3, 1] are 0, and KroneckerDelta(., 0) and
    # Eq(., 0) were built as 0 around them
    (sp.Integral, ("zero",), False, _never),
    # binomial(n, k) for an odd k is negative for every integer n, though only for n < 0
    # (binomial(5, 3) = 10): combsimp wrote a product's closed form as one, and
    # H(prod_{k=1}^{j} (n - k + 1)/k) = 1 was proved for an odd j (at n = -1, j = 1, 0)
    (sp.binomial, ("nonnegative",), False,
     lambda q: q.args[0].is_negative and q.args[1].is_nonnegative),
    # gamma(x) for a noninteger x, and x!! for an odd x, have the sign the parity of
    # floor(x), of (x + 1)/2, gives below zero, whatever the sign of x: gamma(m + 3/2) was
    # negative for an even m, and sign(prod_{j=1}^{m} (j + 1/2)) = -1 was proved (it is 1)
    (sp.gamma, ("positive",), False, lambda q: q.args[0].is_negative),
    (sp.factorial2, ("positive",), False, lambda q: (q.args[0] + 1).is_negative),
    # a real base to a rational power not shown an integer is imaginary, as if the power
    # were a half-integer: (-1)^(m/2) for every integer m (1 at m = 0), so
    # delta(1, sin(pi cos(pi n)/2)) was built as 0 (it is 1 at every even n)
    (sp.Pow, ("imaginary",), True, lambda q: q.exp.is_integer is False or not (
        q.base.is_extended_real and q.exp.is_extended_real)),
    # I times a factor not shown imaginary is not real, as if that factor could not be 0:
    # i x^(1/3) for a real x (0 at x = 0), so delta(i x^(1/3), 0) was built as 0 (a factor
    # not known finite, a sum of complex terms, was read as not real from the start: that
    # needs the sum's own "not real", which the rows below never keep)
    (sp.Mul, ("extended_real",), False, _nonzero_factors),
    # a positive integer power of a base that is not odd (even) is not odd (even), as if the
    # base were an integer: (n + i)^2 is -1 at n = 0 and (1 + i)^4 is -4, so Solve dropped
    # the odd root -1 of (u - (n + i)^2)(u - 1) = 0 and proved u = 1 unique
    (sp.Pow, ("odd", "even"), False, lambda q: q.base.is_integer is True),
    # a product's integrality and parity by counting factors of 2: n/(2k + 3) for an even n
    # is no integer to it (0 at n = 0, 2 at n = 6, k = 0), n/6 an integer (1/3 at n = 2),
    # and 2/(x y) for an even x and a rational y no even number (2 at x = 2, y = 1/2); a
    # Solve dropped the integer root n/(2k + 3), and a schema for integers matched n/6
    (sp.Mul, ("integer",), True, _integer_factors),
    (sp.Mul, ("integer",), False, lambda q: q.is_number),
    (sp.Mul, ("even",), False, _integer_factors),
    # a product with a factor 0 is 0, as if its range held a term: prod_{k=1}^{(m-20)^2} 0
    # is 1 at m = 20, and |.| of it was built as 0
    (sp.Product, ("zero",), True, lambda q: q.has_empty_sequence is False),
    # a sum or product of terms that are not real is not real: the terms may cancel or
    # multiply to a real number (sum_{j=1}^{2} i(2j - 3) = 0, (1 + i)^4 = -4), and
    # delta(., 0) and delta(., -4) were built as 0
    (sp.Sum, ("extended_real",), False, _never),
    (sp.Product, ("extended_real",), False, _never),
    # a rational base that is no integer, to a positive power, is no integer: so only for a
    # rational power; (9/4)^(log 2/log(3/2)) is 4, and delta(., 4) was built as 0
    (sp.Pow, ("integer",), False, lambda q: q.exp.is_rational is True),
    # an irrational base to a nonzero integer power is irrational: sqrt(2)^2 = 2, so
    # (x + sqrt(2))^n for a rational x was no rational number (2 at x = 0, n = 2); a Solve
    # dropped that root and delta(., 2) was built as 0 (kept for e^r, r rational: Lindemann)
    (sp.Pow, ("rational",), False, lambda q: q.base is sp.E or q.base.is_irrational is not True),
    # an empty product is nonpositive (it is 1, and SymPy also reads it as positive: which
    # one its shuffled search reached first decided sign(prod_{k=n+1}^{n} k) = -1)
    (sp.Product, ("extended_nonpositive",), True, _never),
    # a power's sign, realness and imaginariness from the logarithm of its base, by rules
    # that hold for a real base and exponent only: 2^(i t) is i at t = pi/(2 log 2),
    # (-e)^(i pi) = -e^(-pi^2) is real, (2i)^(i t) is positive at t = 2 pi/log 2, and
    # (e^(i a))^r is 1 at r = 0
    (sp.Pow, ("imaginary", "extended_positive", "extended_real"), False, _real_parts),
    # a rounding of a number not shown real is no real number, no integer and of no sign:
    # floor(y + i/3) is 0 at y = 1/2 (SymPy rounds part by part)
    (sp.floor, ("real", "integer", "negative", "nonnegative"), False, _real_argument),
    (sp.ceiling, ("real", "integer", "positive", "nonpositive"), False, _real_argument),
    # log x is finite where x is, as if x could not be 0; 0^n is algebraic, so finite, as if
    # n could not be negative; tanh of an argument not shown real is real (tanh(1/r) is nan
    # at r = 0); a sum of terms not irrational is not irrational, as if they were real
    # (e^(i x) + e^(-i x) is 2 cos 1 at x = 1)
    (sp.log, ("finite",), True, lambda q: q.args[0].is_zero is False),
    (sp.Pow, ("algebraic",), True,
     lambda q: q.base.is_zero is not True or q.exp.is_positive is True),
    (sp.tanh, ("real", "extended_real"), True, _real_argument),
    (sp.Add, ("irrational",), False, lambda q: all(t.is_extended_real is True for t in q.args)),
    # a product over a range is finite and of a sign by its factors, as if the range could
    # not be reversed: prod_{k=1}^{-1} k = 1/prod_{k=0}^{0} k is no number, and
    # prod_{k=1}^{-2} (k + 1/2) = -4 is negative (Karr's convention)
    (sp.Product, ("finite", "positive", "nonnegative", "extended_nonnegative"), True,
     _not_reversed),
)


def _no_guess_from_noise() -> None:
    """SymPy reads the sign of a number from its value at 2 digits (``is_positive``, and
    ``x > 0`` between numbers); the kernel keeps such a guess only where it agrees with the
    value at 30 digits, and where that value is not rounding noise
    (:func:`unreadable_number`): sign(tanh(c - d)) with c = log 6 and d = log 2 + log 3 put
    in was evaluated to -1 as SymPy built it, and log(erf 4), which is -1.5e-8, is 0 at 2
    digits, so Max(log(erf 4), 0) was log(erf 4); it keeps no verdict of
    :data:`_VERDICTS_KEPT_ONLY_WHERE` (each by a rule that holds on part of its domain only)
    beyond where that part is shown; and SymPy's linear-arithmetic solver, ask's last resort,
    answers nothing.  Installed once, when the kernel is imported; it only turns a guess
    into "unknown"."""
    from sympy.assumptions import lra_satask as lra_satask_module
    from sympy.core import evalf as evalf_module
    from sympy.core import relational
    from sympy.functions.elementary import integers

    guess = sp.Expr._eval_is_extended_positive_negative
    if getattr(guess, "reads_noise", True) is False:
        return

    def read(self, positive):
        if self.has(sp.Integral):  # SymPy's guess of it is quadrature (seconds, and wrong
            return None  # across a jump): not read, and not computed
        verdict = guess(self, positive)
        return None if verdict is not None and unreadable_number(self) else verdict

    def difference(a, b, _n2=relational._n2):
        if unreadable_number(a - b):
            return None
        gap = _n2(a, b)  # a Float at 2 digits: log(erf 4) is 0 there, and it is -1.5e-8
        if gap is None or gap.is_infinite:  # oo: no digits to read
            return gap
        return gap if _number_sign(a - b) == bool(gap > 0) - bool(gap < 0) else None

    def integer_part(expr, *args, _part=evalf_module.get_integer_part, **kwargs):
        # floor(1 + erf(c)) is decided by the sign of its distance to the nearest integer
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Rational:
            if unreadable_number(expr):
                raise evalf_module.PrecisionExhausted(f"{expr} is not read")
            try:
                near = sp.Integer(int(mpmath.nint(mpmath.mpmathify(expr.evalf(30)))))
            except (ValueError, TypeError, ArithmeticError):
                near = None
            if near is None or unreadable_number(expr - near):
                raise evalf_module.PrecisionExhausted(f"{expr} is rounding noise near {near}")
        return _part(expr, *args, **kwargs)

    def kept_only_where(method, answer, where):
        # SymPy's ``answer`` from ``method`` is kept only where ``where`` shows its rule holds
        def verdict(self):
            got = method(self)
            return None if got is answer and where(self) is not True else got
        verdict.reads_noise = False
        return verdict

    read.reads_noise = difference.reads_noise = integer_part.reads_noise = False
    for head, keys, answer, where in _VERDICTS_KEPT_ONLY_WHERE:
        for key in keys:
            method = kept_only_where(getattr(head, f"_eval_is_{key}"), answer, where)
            setattr(head, f"_eval_is_{key}", method)
            head._prop_handler[key] = method  # what the assumptions system calls
    sp.Expr._eval_is_extended_positive_negative = read
    relational._n2 = difference
    # SymPy's linear-arithmetic solver, ask's last resort, is unsound: with x declared
    # real, it derives x - 1 < 0 from Q.real(x), and 2x > 0 from x >= 0 (false at 0); a
    # sign from facts is the kernel's own provers' work (_shown, _relation_shown)
    lra_satask_module.lra_satask = lambda *args, **kwargs: None
    integers.get_integer_part = integer_part  # floor and ceiling as SymPy builds them


_no_guess_from_noise()


def _ask_within_its_rules() -> None:
    """SymPy's ``ask`` reads the class of a product from one factor's as if no other factor
    could be 0: a rational times an irrational is irrational, so no integer, so not 0 (its
    handlers of rational, integer and even numbers, and its facts for the SAT solver).  So
    ask(Q.zero(n pi)) was False and ask(Q.positive(n pi), Q.nonnegative(n)) True for an
    integer n (both false at n = 0), and a lemma for every nonzero w was instantiated at
    w = n pi.  Each such verdict and fact is kept only where every factor is shown nonzero
    (by SymPy's own assumptions, which the table above keeps sound).  Likewise it reads a
    power as zero where its base is (0^0 = 1) and |z| as zero where z is not a nonzero real
    (|log x| = pi at x = -1): those are kept only for a positive power and a real z.
    Installed once, when the kernel is imported; it only turns a verdict into "unknown"."""
    from sympy.assumptions import sathandlers
    from sympy.logic.boolalg import Implies, Not

    registry = sathandlers.class_fact_registry
    if getattr(registry, "products_read_soundly", False):
        return

    def kept_only_where(predicate, head, answer, where):
        original = predicate.handler.dispatch(head)

        def handler(expr, assumptions):
            got = original(expr, assumptions)
            return None if got is answer and not where(expr) else got

        predicate.handler.register(head)(handler)

    # handlers: (predicate, the verdict that assumes nonzero factors)
    for predicate, answer in ((sp.Q.rational, False), (sp.Q.integer, False),
                              (sp.Q.even, False), (sp.Q.imaginary, True)):
        kept_only_where(predicate, sp.Mul, answer, _nonzero_factors)
    # a power is zero where its base is (0^0 = 1), and |z| is zero where z is, as if z were
    # real: |log x| = pi for x = -1 was not positive
    kept_only_where(sp.Q.nonzero, sp.Pow, False, lambda q: q.base.is_extended_real is True
                    and q.exp.is_positive is True)
    for predicate in (sp.Q.nonzero, sp.Q.positive):
        kept_only_where(predicate, sp.Abs, False, lambda q: q.args[0].is_extended_real is True)

    def one_factor_rule(fact, expr) -> bool:  # a fact concluding the product's class
        concludes = {sp.Q.irrational(expr), sp.Q.imaginary(expr), Not(sp.Q.integer(expr))}
        return any(node in concludes for node in sp.preorder_traversal(fact))

    def guarded(rules, many):
        def facts(expr, rules=rules):
            guard = sathandlers.allargs(sathandlers.x, Not(sp.Q.zero(sathandlers.x)), expr)
            out = [f for rule in rules for f in (rule(expr) if many else (rule(expr),))]
            return [Implies(guard, f) if one_factor_rule(f, expr) else f for f in out]
        return facts

    single, multi = registry.singlefacts[sp.Mul], registry.multifacts[sp.Mul]
    registry.singlefacts[sp.Mul] = frozenset()
    registry.multifacts[sp.Mul] = frozenset({guarded(single, False), guarded(multi, True)})
    registry.products_read_soundly = True


_ask_within_its_rules()


#: the functions defined on real arguments only (side_conditions asks them shown real);
#: SymPy rounds a complex number part by part (ceiling(1/2 - i/3) = 1) and still reads the
#: result as no real number, so delta(ceiling(1/2 - i/3), 1) was built as 0
_REAL_ONLY = (sp.tanh, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.floor, sp.ceiling)


def _shown_real(q: sp.Expr, facts: tuple) -> bool:
    """Whether ``q`` is shown real or +-oo under ``facts``; a limit of a body shown real is
    (its existence is the limit's own check)."""
    q = q.replace(lambda n: isinstance(n, sp.Limit) and _strengthen(
        n.args[0], facts).is_extended_real is True, lambda n: sp.Dummy(extended_real=True))
    return _strengthen(q, facts).is_extended_real is True


def side_conditions(expr, facts: tuple = (), known: Callable | None = None,
                    spent: Callable | None = None) -> list[str]:
    """What ``expr`` needs, as written, that ``facts`` and the symbols' assumptions do
    not show: each denominator nonzero, each root's argument nonnegative (positive
    under a negative power), each logarithm's argument positive.  Inside a
    Sum, Product or Integral the range of its variable is a fact; ``known(e)``
    lists what earlier proved steps showed equal to ``e`` (``Var(U) = b^2/3``), and
    ``spent(e, k)`` is told when such a value ``k`` discharged a condition on ``e`` (the
    step then rests on what proved ``e = k``).

    >>> h = sp.Symbol("h", real=True)
    >>> side_conditions(sp.Mul(h - 1, sp.Pow(h - 1, -1, evaluate=False), evaluate=False))
    ['denominator h - 1 not shown nonzero']
    """
    missing: list[str] = []

    def need(kind: str, what: str, e: sp.Expr, fs: tuple, bound: frozenset) -> None:
        # a closed term (no free symbols) keeps only the facts that speak of its parts
        # (Q.positive(E(tanh(Z)^2))): the others cannot bear on it and only cost time
        relevant = fs if e.free_symbols else tuple(
            f for f in fs if any(e.has(a) for a in getattr(f, "arguments", ())))
        if _shown(kind, e, relevant, asking=False):
            return
        # what steps proved of a free namesake says nothing of a bound variable, nor a value
        # in a free namesake (y = j - 5 shown nonzero by the range of a sum's own j)
        candidates = [k for k in (known(e) if known and not (e.free_symbols & bound) else ())
                      if not k.has(sp.Integral, sp.Derivative, sp.Sum, sp.Product)
                      and not (k.free_symbols & bound)]
        candidates = sorted(candidates, key=sp.count_ops)[:4]
        for asking in (False, True):  # the cheap provers first: ask is slow
            if asking and _shown(kind, e, relevant):
                return
            for k in candidates:
                if _shown(kind, k, fs, asking=asking):
                    if spent:
                        spent(e, k)
                    return
        text = f"{what} {_text(e)} not shown {kind}"
        if text not in missing:
            missing.append(text)

    def walk(e, fs: tuple, bound: frozenset = frozenset(), at: tuple = ()) -> None:
        # at: the values enclosing Subs give their variables (a derivative is taken there)
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return
        numbers = e.args if isinstance(e, sp.Function) else (e.lhs - e.rhs,) \
            if isinstance(e, sp.core.relational.Relational) else ()
        for q in numbers:  # what a function or a relation is given, where it is a number
            if unreadable_number(q):
                text = (f"the number {_text(q)} cannot be told from 0 (its value is rounding "
                        "noise: write it as 0, or as a number that is not 0)")
                if text not in missing:
                    missing.append(text)
        if isinstance(e, _BINDERS):
            inner = list(fs)
            for lim in reversed(e.limits):  # outermost first: its facts reach the inner limits
                var = lim[0]
                # a fact about a free namesake does not speak of the bound variable
                inner = [f for f in inner if var not in f.free_symbols]
                for q in lim[1:]:
                    walk(q, tuple(inner), bound, at)
                bound = bound | {var}
                if len(lim) != 3:
                    continue
                lo, hi = lim[1], lim[2]
                refusal = interval_refusal if isinstance(e, sp.Integral) else index_refusal
                why = refusal(var, lo, hi, tuple(inner))
                if why and why not in missing:
                    missing.append(why)
                # the range is a fact only where the variable takes values in it: lo <= hi
                # (a Sum or Product also when empty, lo = hi + 1).  A sum or product must show
                # that order: SymPy's closed forms (a delta's sifting, a Piecewise summand)
                # assume it, while its evaluation of reversed numeric limits follows Karr
                slack = 0 if isinstance(e, sp.Integral) else 1
                if isinstance(e, sp.Integral) and not _shown_convergent(e.function, lim):
                    # held whole, it is no number: int_0^oo 1 dx - int_0^oo 1 dy was 0
                    text = (f"the integral {_text(e)} is not shown to converge (its integrand "
                            "a polynomial times bounded factors times e^P, P tending to -oo)")
                    if text not in missing:
                        missing.append(text)
                rough = _rough_functions(e.function, {var}) if isinstance(e, sp.Integral) \
                    else []
                if rough:  # f = 1/t (f(0) = 0) has no integral over [0, 1]: two copies of it,
                    # renamed alike, cancelled
                    text = (f"the integral {_text(e)} is of {rough[0]}, an undefined function "
                            "not declared smooth (Function('f', smooth=True)): it may have no "
                            "integral")
                    if text not in missing:
                        missing.append(text)
                if ordered(lo, hi + slack, tuple(inner)):
                    inner += [sp.Q.ge(var, lo), sp.Q.le(var, hi)]
                elif slack:
                    text = (f"the limits of {_text(e)} are not shown in order "
                            f"({_text(lo)} <= {_text(hi)} + 1)")
                    if text not in missing:
                        missing.append(text)
            walk(e.function, tuple(inner), bound, at)
            return
        if isinstance(e, sp.Pow):
            base, exp = e.args
            # b^e divides by b unless e is shown nonnegative (x^n x^(-n) = 1 fails at x = 0
            # for an integer n of either sign)
            if exp.is_nonnegative is not True and \
                    _strengthen(exp, fs).is_nonnegative is not True:
                need("nonzero", "denominator", base, fs, bound)
            if not exp.is_integer and _strengthen(exp, fs).is_extended_real is not True:
                text = (f"the power {_text(e)} has an exponent not shown real: a complex power "
                        "is many-valued (write it with exp, sin and cos)")
                if text not in missing:
                    missing.append(text)
            if not exp.is_integer and not (isinstance(base, sp.Basic) and base.is_number
                                           and base.is_positive):
                if exp.is_negative:
                    need("positive", "root argument", base, fs, bound)
                else:
                    need("nonnegative", "root argument", base, fs, bound)
        if isinstance(e, sp.log):
            need("positive", "logarithm argument", e.args[0], fs, bound)
        real_only = e.args if isinstance(e, _REAL_ONLY) else (e.lhs, e.rhs) if isinstance(
            e, sp.StrictLessThan | sp.LessThan | sp.StrictGreaterThan | sp.GreaterThan) else ()
        for q in real_only:
            if isinstance(q, sp.Expr) and _shown_real(q, fs):
                continue
            # tanh is total on the reals only: poles at i pi/2 + k i pi, which SymPy's
            # rewriting cancels (tanh(I t) cos t = I sin t at t = pi/2); SymPy squares a
            # sign to 1 whatever its argument; Max, Min, Heaviside and an order have no
            # value off the reals, and SymPy decides them by a real difference (it took
            # Max(z, z + 1) for z + 1 and z + 1 > z for true, though z may be i)
            why = ("tanh has poles at i pi/2 + k i pi" if isinstance(e, sp.tanh) else
                   "SymPy takes sign(z)^2 for 1 (sign(i)^2 is -1)" if isinstance(e, sp.sign)
                   else "it orders numbers, and only real numbers have an order")
            text = (f"the argument {_text(q)} of {_text(e)} is not shown real: {why}"
                    if isinstance(e, _REAL_ONLY) else
                    f"the sides of {_text(e)} are not shown real: {why}")
            if text not in missing:
                missing.append(text)
        if isinstance(e, sp.Limit):  # SymPy puts the point into a jump or an equality case
            var = e.args[1]
            body = unfold_subs(e.args[0])  # a jump under a Subs of var is one of var
            jumps = [q for q in body.atoms(sp.KroneckerDelta, sp.floor, sp.ceiling,
                                           sp.sign, sp.Heaviside, sp.Eq, sp.Ne)
                     if _mentions(q, {var})] + [
                         c for pw in body.atoms(sp.Piecewise) for _, c in pw.args
                         for c in sp.sympify(c).atoms(sp.Ge, sp.Le, sp.Eq, sp.Ne)
                         if _mentions(c, {var})]
            if jumps:
                text = (f"the limit {_text(e)} is of a function that jumps or has a case at "
                        f"a point of {var} ({_text(jumps[0])}): only strict cases are limits")
                if text not in missing:
                    missing.append(text)
            # a limit the kernel does not value is not shown to exist: held whole it would
            # be a number to algebra (lim_{x->oo} x - lim_{y->oo} y, renamed alike, gave 0)
            if e.args[2] in _INFINITIES or not _smooth_in(body.doit(integrals=False), var):
                text = (f"the limit {_text(e)} is not shown to exist: the kernel takes a limit "
                        "only at a finite point, of a body built smoothly from its variable "
                        "(where it is the body's value)")
                if text not in missing:
                    missing.append(text)
        if isinstance(e, sp.Subs | sp.Limit):  # the value a Subs or Limit gives its variable
            pairs = zip(e.variables, e.point, strict=True) if isinstance(e, sp.Subs) else \
                ((e.args[1], e.args[2]),)
            side = str(e.args[3]) if isinstance(e, sp.Limit) and str(e.args[3]) != "+-" \
                else None
            body = e.expr if isinstance(e, sp.Subs) else e.args[0]
            for var, point in pairs:
                why = point_refusal(var, point, fs, side) \
                    if isinstance(var, sp.Symbol | sp.Indexed) else None
                if not why and isinstance(e, sp.Limit) and var.is_integer and \
                        point not in _INFINITIES:  # SymPy simplifies by the declaration
                    why = (f"takes {var}, an integer, to the finite point {_text(point)}: no "
                           "other integer comes near it, so there is no limit (SymPy reads "
                           "sin(pi n)/n as 0 and then takes a real limit of it)")
                kin = sorted((q for q in body.atoms(sp.Indexed) if isinstance(var, sp.Indexed)
                              and q.base == var.base and q != var), key=sp.default_sort_key)
                if kin and not why:  # SymPy's Subs replaces the written entry only
                    why = (f"gives {var} a value while its body holds {kin[0]}, the same entry "
                           "where their indices agree")
                kind = "Subs" if isinstance(e, sp.Subs) else "limit"
                text = f"the {kind} {_text(e)} {why}" if why else None
                if text and text not in missing:
                    missing.append(text)
        if isinstance(e, sp.Derivative):
            for v in e.variables:  # d/dn needs n to range over a continuum
                keys = [k for k, holds in _declared(v).items() if holds is True and k not in
                        (*_INTERVAL_KEYS, *_INTERVAL_SIGNS, "nonzero", "extended_nonzero")] \
                    if isinstance(v, sp.Symbol | sp.Indexed) else []
                text = (f"the derivative {_text(e)} is taken by {v}, declared {keys[0]}: "
                        "a derivative needs its variable to range over an interval") \
                    if keys else None
                if text and text not in missing:
                    missing.append(text)
            wrt = set(e.variables)
            rough = _rough_functions(e.expr, wrt)
            if rough:  # h f(h) is |h| for f = sign: no derivative at 0, and SymPy's product
                # rule gave f(0)
                text = (f"the derivative {_text(e)} differentiates {rough[0]}, an undefined "
                        "function not declared smooth (Function('f', smooth=True)): it may "
                        "have no derivative")
                if text not in missing:
                    missing.append(text)
            for node in e.expr.atoms(sp.Integral, sp.Sum):  # Leibniz's rule needs continuity
                if any(_mentions(q, wrt) for lim in node.limits for q in lim[1:]) and not all(
                        _smooth_in(node.function, lim[0]) for lim in node.limits):
                    text = (f"the derivative {_text(e)} moves a limit of {_text(node)}, "
                            "whose body is not smooth in its variable")
                    if text not in missing:
                        missing.append(text)
            for kink in _kinks(e.expr, set(e.variables)):
                if kink is None:
                    text = (f"the derivative {_text(e)} differentiates a step function "
                            "(floor, ceiling, Kronecker delta), which has none at its jumps")
                    if text not in missing:
                        missing.append(text)
                else:  # differentiable only off its kinks: shown there, or at the Subs's point
                    need("nonzero", "kink (a derivative exists only off it)",
                         kink.xreplace(dict(at)), fs, bound)
        if isinstance(e, sp.Subs | sp.Limit):  # what is known of a free namesake (a Solve's
            # y = 3) says nothing of the variable a Subs or a Limit binds
            names = set(e.variables) if isinstance(e, sp.Subs) else {e.args[1]}
            inner = tuple(f for f in fs if not getattr(f, "free_symbols", set()) & names)
            if isinstance(e, sp.Subs):
                inner_at = tuple((v, p) for v, p in at if v not in e.variables)
                walk(e.expr, inner, bound | names,
                     inner_at + tuple(zip(e.variables, e.point, strict=True)))
            else:
                walk(e.args[0], inner, bound | names, at)
            for p in (e.point if isinstance(e, sp.Subs) else e.args[2:3]):
                walk(p, fs, bound, at)
            return
        for a in e.args:
            walk(a, fs, bound, at)

    walk(sp.sympify(expr), tuple(facts))
    return missing


# ---------------------------------------------------------------- reduction

def refine(e: sp.Expr, predicates: Sequence) -> sp.Expr:
    """``refine`` under the predicates, which speak about free symbols only; only where
    ``ask``, which refine consults, is sound (:func:`_askable`), of the expression and of the
    predicates it is refined with."""
    facts = tuple(predicates)  # the kernel's own provers read every fact soundly
    predicates = [p for p in predicates if _askable(p)]
    if not predicates or not _askable(e):
        return e
    # a relation (a case of a Piecewise) is decided by the sign of its difference, shown by
    # the kernel's own provers; SymPy's refine would ask is_eq or is_ge, which err (it made
    # [2x - y <= 0] = 0 where 2x - y >= 0, and [x = y] = 0 where y = 0); the rest is hidden
    e = alpha_normal(e)
    hidden = {}
    for r in e.atoms(sp.Eq, sp.Ne, sp.Lt, sp.Le, sp.Gt, sp.Ge):
        verdict = _relation_shown(r, facts)
        hidden[r] = sp.Dummy("relation") if verdict is None else sp.S.true if verdict \
            else sp.S.false
    e = e.xreplace(hidden).replace(lambda q: isinstance(q, sp.Abs | sp.sign),
                                   lambda q: _sign_refined(q, facts))
    out = sp.refine(e, sp.And(*predicates))
    return out.xreplace({v: r for r, v in hidden.items() if isinstance(v, sp.Dummy)})


def _sign_refined(e: sp.Abs | sp.sign, facts: tuple) -> sp.Expr:
    """|a| or sign(a) with the sign of a real ``a`` the kernel's provers show (without
    ``ask``, whose linear arithmetic is unsound) put in; else as it was."""
    a = e.args[0]
    if _strengthen(a, facts).is_extended_real is not True:
        return e
    for kind, value in (("positive", 1), ("negative", -1), ("nonnegative", None),
                        ("nonpositive", None)):
        if _shown(kind, a, facts, asking=False):
            if isinstance(e, sp.Abs):
                return a if kind in ("positive", "nonnegative") else -a
            if value is not None:
                return sp.Integer(value)
    return e


def _relation_shown(r: sp.core.relational.Relational, facts: tuple) -> bool | None:
    """Whether the kernel's provers (:func:`_shown`, without ``ask``) show ``r`` true or
    false under ``facts``, or None.  Of real sides only: a complex one has no order."""
    lhs, rhs = r.lhs, r.rhs
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
        return None
    gap = lhs - rhs
    if _strengthen(gap, facts).is_extended_real is not True:
        return None
    holds, fails = {sp.Gt: ("positive", "nonpositive"), sp.Ge: ("nonnegative", "negative"),
                    sp.Lt: ("negative", "nonnegative"), sp.Le: ("nonpositive", "positive"),
                    sp.Eq: (None, "nonzero"), sp.Ne: ("nonzero", None)}[type(r)]
    if holds and _shown(holds, gap, facts, asking=False):
        return True
    if fails and _shown(fails, gap, facts, asking=False):
        return False
    return None


def _smooth_in(f: sp.Expr, x: sp.Symbol) -> bool:
    """Whether ``f`` is built from ``x`` by sums, products, integer powers, exp, sin, cos,
    erf and erfc only: an entire function of x, which SymPy integrates without the branch
    cuts (roots, logarithms) and kinks (Abs, sign, Max, Piecewise, ...) where its definite
    integration goes wrong (|sin x| over [0, 3 pi] gives 2; sqrt(a - x) sqrt(1/(a - x)) over
    [0, 1] gives -1).  A part free of x is a constant, if it is a number: a mean not shown
    to exist is none (lim_(x -> 0) x E(e^(Z^2)) is no 0)."""
    if not f.has(x):
        return not f.has(sp.Function) or _means_exist(f)
    if isinstance(f, sp.Add | sp.Mul):
        return all(_smooth_in(q, x) for q in f.args)
    if isinstance(f, sp.Pow):
        base, exp = f.args
        if not exp.has(x):
            return exp.is_Integer is True and exp >= 0 and _smooth_in(base, x)
        return base == sp.E and _smooth_in(exp, x)
    if isinstance(f, sp.exp | sp.sin | sp.cos | sp.erf | sp.erfc):
        return _smooth_in(f.args[0], x)
    return f == x


def _means_exist(f: sp.Expr) -> bool:
    """Whether every expectation in ``f`` is of something shown to have a mean
    (:func:`derivations.axioms.expectation.has_mean`)."""
    from .axioms.expectation import E, has_mean

    return all(has_mean(m.args[0]) for m in f.atoms(E))


def _tends_down(power: sp.Expr, var: sp.Symbol, ends) -> bool:
    """Whether ``power`` is a polynomial in ``var`` that tends to -oo towards each of ``ends``
    (+1, -1): its leading term is shown negative there."""
    if not power.is_polynomial(var) or sp.degree(power, var) < 1:
        return False
    poly = sp.Poly(power, var)
    return all((poly.LC() * end ** poly.degree()).is_negative is True for end in ends)


def _shown_convergent(f: sp.Expr, limit: tuple) -> bool:
    """Whether the integral of ``f`` over ``limit`` is shown to converge absolutely at each
    infinite end: each term of ``f`` (as written) e^P times factors that grow at most like a
    polynomial (polynomials; sin, cos, tanh, erf, erfc, sign, Heaviside of real arguments; a
    negative power of a base shown at least 1, such as 1/(1 + e^(-t)); e^Q with Q bounded
    above; sums, products, positive powers, |.|, Max, Min and :data:`LINEAR_GROWTH_HEADS` of
    these), with P a polynomial tending to -oo there.  An
    integral not shown to converge is no number (int_0^oo 1 dx - int_0^oo 1 dy was 0).

    >>> t = sp.Symbol("t", real=True)
    >>> _shown_convergent(sp.tanh(t)**2 * sp.exp(-t**2/2) / (1 + sp.exp(-t))**2, (t, -sp.oo, sp.oo))
    True
    >>> _shown_convergent(sp.S.One, (t, 0, sp.oo))
    False
    """
    var, lo, hi = (sp.sympify(q) for q in limit)
    ends = [end for end, bound in ((1, hi), (-1, lo)) if bound.has(sp.oo, -sp.oo)]
    if not ends:
        return True
    real = sp.Dummy("t", real=True)
    f = sp.sympify(f).xreplace({var: real})

    def tame(q) -> bool:  # grows at most like a polynomial on the whole line
        if not q.has(real):
            return q.is_finite is True
        if q.is_polynomial(real):
            return all(c.is_finite is True for c in sp.Poly(q, real).coeffs())
        if isinstance(q, sp.sin | sp.cos | sp.tanh | sp.erf | sp.erfc | sp.sign
                      | sp.Heaviside):
            return q.args[0].is_extended_real is True
        if isinstance(q, sp.exp):
            return _tends_down(q.args[0], real, (1, -1))
        if isinstance(q, sp.Add | sp.Mul | sp.Abs | sp.Max | sp.Min) or (
                isinstance(q, AppliedUndef) and q.func in LINEAR_GROWTH_HEADS):
            return all(tame(a) for a in q.args)
        if isinstance(q, sp.Pow) and q.exp.is_Integer and q.exp > 0:
            return tame(q.base)
        if isinstance(q, sp.Pow) and q.exp.is_negative and not q.exp.has(real):
            return (q.base - 1).is_nonnegative is True
        return False

    for term in sp.Add.make_args(f):
        power = sp.Add(*(q.args[0] for q in sp.Mul.make_args(term) if isinstance(q, sp.exp)))
        rest = [q for q in sp.Mul.make_args(term) if not isinstance(q, sp.exp)]
        if not (all(tame(q) for q in rest) and _tends_down(power, real, ends)):
            return False
    return True


def _tails_decay(f: sp.Expr, limit: tuple) -> bool:
    """Whether the smooth ``f`` is shown absolutely integrable towards each infinite end of
    ``limit``: each term of it a polynomial times bounded factors (sin, cos, erf, erfc of
    real arguments) times e^P, with P a polynomial that tends to -oo there.  SymPy values
    int_{-oo}^{oo} cos(a x) dx as 0 for a > 0, an integral that has no value (over
    [-T, T] it is 2 sin(a T)/a), and integral linearity took that 0 for a finite part.

    >>> x = sp.Symbol("x", real=True)
    >>> _tails_decay(x**2 * sp.cos(x) * sp.exp(x - x**2), (x, -sp.oo, sp.oo))
    True
    >>> _tails_decay(sp.cos(x), (x, 0, sp.oo))
    False
    """
    var, lo, hi = (sp.sympify(q) for q in limit)
    ends = [end for end, bound in ((1, hi), (-1, lo)) if bound.has(sp.oo, -sp.oo, sp.zoo)]
    if not ends:
        return True
    for term in sp.Add.make_args(sp.expand(f)):
        power = sp.S.Zero
        for factor in sp.Mul.make_args(term):
            if not factor.has(var) or (factor.is_Pow and factor.base == var
                                       and factor.exp.is_Integer and factor.exp > 0) \
                    or factor == var:
                continue
            if isinstance(factor, sp.exp):
                power += factor.args[0]
            elif isinstance(factor, sp.sin | sp.cos | sp.erf | sp.erfc) and \
                    factor.args[0].is_extended_real is True:
                continue
            else:
                return False
        if not _tends_down(power, var, ends):
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _definite(f: sp.Expr, limit: tuple) -> sp.Expr | None:
    """The integral of the smooth ``f`` over ``limit`` as F(hi) - F(lo), for SymPy's
    antiderivative F checked by the kernel (the fundamental theorem of calculus): F is
    built from smooth functions, so continuous on the range, F' - f simplifies to 0, and at
    an infinite end F's limit is read term by term (:func:`_tail`); or None.  SymPy's own
    definite integral is not used: its antiderivative of e^(-x^4) is even in x (its
    derivative is sign(x) e^(-x^4)), so it gave the integral over [-1, 1] as 0 (it is
    1.69); nor is a value with cases, which SymPy's closed forms drop or take on a branch
    (int_0^1 x e^(a x) dx is 1/2 at a = 0, and d/da of that case at a = 0 came out 0; the
    slope is 1/3).

    >>> x = sp.Symbol("x", real=True)
    >>> _definite(x * sp.exp(-x**2), (x, 0, sp.oo)), _definite(sp.exp(-x**4), (x, -1, 1))
    (1/2, None)
    """
    var, lo, hi = (sp.sympify(q) for q in limit)
    if not _tails_decay(f, limit):  # no tail of F could be read (:func:`_tail`): SymPy's
        return None  # integrate is not run for nothing (it took a minute per proof run)
    try:  # term by term, each term's exponentials as one (SymPy's integrate misses
        # e^t e^(-t^2/2) written as two); a Gaussian moment by its recurrence (SymPy's
        # integrate takes seconds over t^4 e^(-t^2/2)): the check below is what counts
        antiderivative = sp.Add(*(
            c * (_gaussian_antiderivative(sp.powsimp(r), var) or sp.integrate(sp.powsimp(r), var))
            for c, r in (term.as_independent(var, as_Add=False)
                         for term in sp.Add.make_args(sp.expand(f)))))
    except (ValueError, TypeError, NotImplementedError, ArithmeticError):
        return None
    if not _antiderivative(antiderivative, f, var):
        return None
    ends = []
    for end in (hi, lo):  # a smooth F is finite at a finite end
        infinite = {sp.oo: 1, -sp.oo: -1}.get(end)
        value = antiderivative.subs(var, end) if infinite is None else \
            _tail(antiderivative, var, infinite)
        if value is None:
            return None
        ends.append(value)
    return ends[0] - ends[1]


def _antiderivative(F: sp.Expr, f: sp.Expr, var: sp.Symbol) -> bool:
    """Whether ``F`` is shown an antiderivative of ``f`` on the whole line: built from smooth
    functions (:func:`_smooth_in`: no case, no integral left, no jump such as atan(tan x)
    has, whose derivative is 1), F' - f simplifies to 0 (x^3 is smooth, and no
    antiderivative of x^2), and F is defined for every value of the parameters (SymPy's
    antiderivative of x cos(floor(a) x) divides by floor(a)^2, and has no case for 0; its
    closed forms of int_0^(2 pi) e^(i c x) dx and of int_0^(2 pi) x cos(c x) dx drop the
    case c = 0, which for c = m + 1, m an integer, sin(2 pi c) = 0 turns into 0/0).  The
    theorem holds as well for a complex-valued F of the real variable."""
    return _smooth_in(F, var) and sp.simplify(sp.diff(F, var) - f) == 0 \
        and not side_conditions(F)  # x sin(k x)/k + cos(k x)/k^2, of x cos(k x), fails at k = 0


def _gaussian_antiderivative(g: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """A candidate antiderivative of t^n e^(a t^2 + b t + c), a free of t and not 0, or None:
    I_0 = sqrt(pi)/(2 sqrt(-a)) e^(c - b^2/(4a)) erf(sqrt(-a) (t + b/(2a))) and, by parts,
    I_n = (t^(n-1) e^q - (n - 1) I_(n-2) - b I_(n-1)) / (2a).  :func:`_definite` checks it
    by differentiation, so nothing here is trusted."""
    power, gauss = sp.S.One, None
    for factor in sp.Mul.make_args(g):
        if isinstance(factor, sp.exp) and gauss is None:
            gauss = factor
        elif factor == var or (factor.is_Pow and factor.base == var and factor.exp.is_Integer
                               and factor.exp > 0):
            power *= factor
        else:
            return None
    if gauss is None or not gauss.args[0].is_polynomial(var):
        return None
    q = sp.Poly(gauss.args[0], var)
    if q.degree() != 2:
        return None
    a, b, c = q.all_coeffs()
    n = sp.degree(power, var)
    table = [sp.sqrt(sp.pi) / (2 * sp.sqrt(-a)) * sp.exp(c - b**2 / (4 * a))
             * sp.erf(sp.sqrt(-a) * (var + b / (2 * a)))]
    for k in range(1, int(n) + 1):
        before = table[k - 2] if k >= 2 else sp.S.Zero
        table.append((var ** (k - 1) * gauss - (k - 1) * before - b * table[k - 1]) / (2 * a))
    return sp.expand(table[int(n)])


def _tail(F: sp.Expr, var: sp.Symbol, end: int) -> sp.Expr | None:
    """The limit of ``F`` as ``var`` goes to ``end`` * oo, read term by term, or None: a term
    free of ``var`` is itself; a polynomial times bounded factors times e^P, with P a
    polynomial tending to -oo there, is 0; c erf(u) and c erfc(u), u a polynomial, are
    c (+-1) and c (0 or 2) by the sign u tends to.  (The kernel takes no limit at an
    infinite point from SymPy: :func:`_held`.)"""
    total = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(F)):
        if not term.has(var):
            total += term
            continue
        const, rest = term.as_independent(var, as_Add=False)
        if isinstance(rest, sp.erf | sp.erfc) and rest.args[0].is_polynomial(var):
            poly = sp.Poly(rest.args[0], var)
            lead = poly.LC() * end ** poly.degree()  # real, or no sign: erf(i x) is no +-1
            at = 1 if lead.is_positive else -1 if lead.is_negative else None
            if poly.degree() < 1 or at is None:
                return None
            total += const * (at if isinstance(rest, sp.erf) else 1 - at)
            continue
        if not _tails_decay(term, (var, -sp.oo, 0) if end < 0 else (var, 0, sp.oo)):
            return None
    return total


@functools.lru_cache(maxsize=4096)  # asked of one expression by each tool of a reduction
def _held(e: sp.Expr) -> frozenset:
    """What SymPy may not evaluate in ``e``: the sums and products sifted by a delta or cut
    by a case of their index, left to the sum axioms, which check that the point is an
    integer in the range (SymPy's deltasummation does not: sum_{k=1}^{n} delta(k, c) =
    [1 <= c <= n] even at c = 3/2, and prod_{k=1}^{n} (1 + delta(k, c)) = 2 fails at
    c = 3/2); the sums and products whose closed form is not proved by induction
    (:func:`_summed`); and the limits of a body not smooth in the variable (SymPy's limit
    of sqrt(a - sqrt(b + c cos(k)^2)) has a wrong slope at 0: an entire body's limit at a
    finite point is its value, which SymPy gets right), and every limit at an infinite point.

    SymPy takes those by Gruntz's algorithm, which decides limits of exp-log functions given
    a test of whether a constant is zero (D. Gruntz, On Computing Limits in a Symbolic
    Manipulation System, PhD thesis, ETH Zurich, 1996); SymPy's test is numeric, and it
    takes log 6 - log 2 - log 3 for negative: its limit of x^2 (log 6 - log 2 - log 3) + x
    is -oo (the body is x), and of x (log(6 + 1/x) - log(2 + 1/x) - log 3) is -oo (it is
    -1/3).  Beyond that class it rewrites by heuristics: lim erfc(x - 1) is 2 (it is 0); lim
    sin x is AccumBounds(-1, 1), which Max(., 3) and < 2 then decide as if the limit existed;
    e^(-2x) sin(x + i x) sin(x - i x) tends to 0 (it tends to 1/4); with a parameter, lim
    e^(a x^2) sin(e^(-x))^2 erfc(a x) is 0 for every a > 0 (it is oo for a < 1)."""
    sums = {q for q in e.atoms(sp.Sum, sp.Product) if any(
        c.has(lim[0]) for lim in q.limits
        for c in q.function.atoms(sp.KroneckerDelta, sp.Piecewise))}
    limits = {q for q in e.atoms(sp.Limit) if q.args[2].has(sp.oo, -sp.oo, sp.zoo)
              or not _smooth_in(q.args[0].doit(integrals=False), q.args[1])}
    unchecked = {q for q in e.atoms(sp.Sum, sp.Product) - sums if _summed(q) is None}
    # a case at one point of the variable (the closed form of sum_k x^k is n + 1 at x = 1):
    # SymPy differentiates it as a constant, and d/dx of the sum at x = 1 came out 0
    pointwise = {q for q in e.atoms(sp.Derivative) if any(
        isinstance(c, sp.Eq | sp.Ne) and _mentions(c, set(q.variables))
        for pw in q.expr.atoms(sp.Piecewise) for c in (arg.cond for arg in pw.args))}
    # (a derivative is never moved inside an integral: :func:`evaluate` values each integral
    # first, and one it does not value is held whole with every derivative of it)
    return frozenset(sums | unchecked | limits | pointwise)


def _sums_done(e: sp.Expr) -> sp.Expr:
    """``e`` with each sum and product that has a checked closed form (:func:`_summed`)
    replaced by it, so that neither doit nor simplify computes one of its own."""
    held = _held(e)

    def done(s: sp.Sum | sp.Product) -> sp.Expr:
        value = _summed(s)
        return s if value is None else value

    return e.replace(lambda q: isinstance(q, sp.Sum | sp.Product) and q not in held
                     and not q.has(*held), done)


@functools.lru_cache(maxsize=4096)
def _summed(s: sp.Sum | sp.Product) -> sp.Expr | None:
    """The closed form of the sum or product ``s``, or None.  With numeric limits, SymPy's
    term-by-term value.  With a symbolic limit, SymPy's closed form G(A, B) of the sum from
    A to B is used only after it is proved by induction on B: G(A, A - 1) = 0 and
    G(A, B) - G(A, B - 1) = f(B) (SymPy's Gosper step gives sum_{k=n}^{2n} (1 + n/k) =
    n + 3/2); a product's, G(A, A - 1) = 1 and G(A, B) - G(A, B - 1) f(B) = 0."""
    product = isinstance(s, sp.Product)
    if len(s.limits) > 1:  # innermost first
        inner = _summed(type(s)(s.function, s.limits[0]))
        if inner is None or inner.has(type(s)):
            return None if inner is None else _split_sum(s)
        return _summed(type(s)(inner, *s.limits[1:]))
    var, lo, hi = s.limits[0]
    count = hi - lo + 1
    if count.is_Integer and 0 <= count <= 100:  # written out term by term, nothing in a
        # term done: SymPy's deep doit valued the integrals of the body its own way (the sum
        # over k = 1 of the integral of |sin x| over [0, 3 pi] came out 2; it is 6), and its
        # product sifted a delta before it wrote the terms out (prod_{k=1}^{3} (1 + delta(k, c))
        # = 2 where 1 <= c <= 3; at c = 3/2 it is 1); the terms go through the kernel's
        # evaluation like any other expression
        terms = [s.function.subs(var, lo + q) for q in range(int(count))]
        return sp.Mul(*terms) if product else sp.Add(*terms)
    if s.function.has(*_BINDERS, sp.Limit, sp.Derivative, sp.Subs):
        # the body first, by the kernel: SymPy's doit of the whole would value a limit or a
        # derivative in it and then sum the result with no check (it proved
        # sum_{k=n}^{2n} d/dx (x (1 + n/k)) = n + 3/2 by Gosper's step: at n = 1 it is 7/2)
        body = evaluate(s.function)
        if body.has(*_BINDERS, sp.Limit, sp.Derivative, sp.Subs):
            return None
        return _summed(type(s)(body, (var, lo, hi)))
    a, b = sp.Dummy("A", integer=True), sp.Dummy("B", integer=True)
    closed = type(s)(s.function, (var, a, b)).doit()
    if closed.has(type(s)):  # no closed form: doit only moves constants and splits terms;
        # one that closed a part (a case with a closed form, the sum itself as the other:
        # sum_k x^(2k)/(k + 1) is nan at x = 0 by its lerchphi form) is held, unchecked
        heads = {type(q) for q in s.function.atoms(sp.Function)}
        if closed.has(sp.Piecewise) or any(type(q) not in heads for q in closed.atoms(
                sp.Function) if not q.has(type(s))):
            return None
        return _split_sum(s)
    pieces = closed.args if isinstance(closed, sp.Piecewise) else ((closed, sp.true),)
    for piece, cond in pieces:  # a geometric sum: one closed form at r = 1, one elsewhere
        at = {cond.lhs: cond.rhs} if isinstance(cond, sp.Eq) else {}
        if cond is not sp.true and not at:
            return None
        term = s.function.subs(var, b).subs(at)
        before = piece.subs(b, b - 1)
        step = piece - before * term if product else piece - before - term
        empty = piece.subs(b, a - 1) - (1 if product else 0)
        for gap in (step, empty):
            # x^(B + 1) = x^B x for an integer B (SymPy keeps x = 0 apart; there a negative
            # power is undefined, and the side conditions refuse one in the written body);
            # forced for that split only: forced, (xy)^e = x^e y^e and log(xy) = log x + log y
            # hold for no signs in particular
            split = sp.expand(sp.expand_func(gap), power_exp=True, power_base=False,
                              log=False, force=True)
            if gap != 0 and sp.simplify(sp.combsimp(split)) != 0:
                return None
    return closed.subs({a: lo, b: hi}, simultaneous=True)


def _split_sum(s: sp.Sum | sp.Product) -> sp.Expr | None:
    """A sum with no closed form, term by term with the factors free of its indices in
    front (linear for any range, an empty or reversed one too: Karr's convention), each
    part its checked closed form or itself; a product as it is.  What SymPy's doit would
    do to it, without the closed form doit may find with the sum's own limits, unchecked
    (simplify ends with doit: sum_{k=n}^{2n} 2^k C(n, k) came out 0; it is 2^n)."""
    if isinstance(s, sp.Product):
        return s
    indices = [lim[0] for lim in s.limits]
    terms = sp.Add.make_args(sp.expand_mul(s.function))
    if len(terms) == 1 and terms[0].as_independent(*indices, as_Add=False)[0] == 1:
        return s
    out = []
    for t in terms:
        const, dep = t.as_independent(*indices, as_Add=False)
        part = sp.Sum(dep, *s.limits)
        value = _summed(part)
        if value is None:
            return None
        out.append(const * value)
    return sp.Add(*out)


def _opaque_for(tool: Callable, e: sp.Expr, nodes: set) -> sp.Expr:
    """``tool(e)`` with ``nodes`` held opaque: each a symbol carrying its sign, put back after.
    A binder or derivative whose variable a held node depends on is held whole: an opaque
    symbol has slope 0 (d/da of a held int_0^1 x e^(a x) dx came out 0; it is 1/3 at a = 0)
    and would leave a sum's index or a limit's variable free where it is put back."""
    if not nodes:
        return tool(e)
    for q in sp.preorder_traversal(e):  # outermost first: a held binder holds what it binds
        if isinstance(q, (*_BINDERS, sp.Derivative, sp.Limit, sp.Subs)):
            bound = set(q.variables) if not isinstance(q, sp.Limit) else {q.args[1]}
            if any(q.has(h) and _mentions(h, bound) for h in nodes if h is not q):
                nodes = nodes | {q}
    table = {q: sp.Dummy("held", **{k: True for k in ("real", "positive", "nonnegative",
                                                      "negative", "finite")
                                     if getattr(q, f"is_{k}", None) is True})
             for q in nodes}
    return tool(e.xreplace(table)).xreplace({v: q for q, v in table.items()})


def evaluate(e: sp.Expr) -> sp.Expr:
    """SymPy's ``doit`` as the kernel allows it: a definite integral only of a smooth
    integrand (:func:`_smooth_in`), innermost first, and nothing :func:`_held` (an integral
    over a kink or a branch cut stays as it is: an axiom may split it first).  An axiom that
    evaluates calls this (or :func:`simplify`), never SymPy's own: what a rule evaluates
    must not slip past what the kernel refuses to evaluate."""
    unvalued: set = set()  # integrals kept whole: divergent, infinite, valued in cases

    def one(node):
        # (over an infinite range, the antiderivative's tail must be read (:func:`_tail`):
        # int cos(a x) over the line has none, and SymPy valued it 0)
        if all(len(lim) == 3 for lim in node.limits) and not node.function.has(sp.Integral) \
                and all(_smooth_in(node.function, lim[0]) for lim in node.limits):
            value = node.function
            for lim in node.limits:  # innermost first
                value = _definite(value, lim)
                if value is None:
                    break
            if value is not None:
                return value
        unvalued.add(node)  # not valued here, and by nothing around it (sign's doit took the
        return node  # sine's integral over [0, oo) as AccumBounds(0, 2))

    e = unfold_subs(e).replace(lambda q: isinstance(q, sp.Integral), one)
    written = _sums_done(e)
    if written != e:  # the integrals in the terms a sum or product was written out into
        written = written.replace(lambda q: isinstance(q, sp.Integral), one)
    e = _sums_done(_through_sums(written))
    open_sums = _open_sums(e)
    return _opaque_for(lambda q: q.doit(integrals=False), e, _held(e) | unvalued | open_sums)


def _open_sums(e: sp.Expr) -> set:
    """The sums and products in ``e`` with no checked closed form (:func:`_summed` holds
    them as they are), which neither doit nor simplify may value: each would value one by
    its own limits, unchecked (simplify rewrote the body of sum_{k=n}^{2n} 2^k
    prod (n - j + 1)/prod j as 2^k C(n, k), and doit then gave 0; it is 2^n)."""
    return {q for q in e.atoms(sp.Sum, sp.Product) if _summed(q) == q}


def _through_sums(e: sp.Expr) -> sp.Expr:
    """``e`` with each derivative of an expression whose only binders are sums over finite
    ranges its variables do not bound taken term by term: d/dx sum_k f = sum_k df/dx
    (linearity of the derivative over a finite sum), by SymPy's rules of differentiation
    alone.  SymPy's doit would value each sum first, by its own limits and unchecked, and
    an open sum is held whole (:func:`evaluate`), with every derivative of it."""
    def movable(d: sp.Derivative) -> bool:
        variables = set(d.variables)
        return (d.expr.has(sp.Sum) and not d.expr.has(
            sp.Integral, sp.Product, sp.Limit, sp.Subs, sp.Derivative, sp.Piecewise)
            and all(not bound.has(sp.oo, -sp.oo, sp.zoo) and not _mentions(bound, variables)
                    for s in d.expr.atoms(sp.Sum) for lim in s.limits for bound in lim[1:]))

    return e.replace(lambda q: isinstance(q, sp.Derivative) and movable(q),
                     lambda q: sp.Derivative(q.expr, *q.variable_count, evaluate=True))


def simplify(e: sp.Expr, tool: Callable = sp.simplify) -> sp.Expr:
    """SymPy's ``simplify`` (or another of its normal forms, ``tool``: ``sp.cancel``) with
    every integral and everything :func:`_held` opaque (simplify would evaluate them), and
    every case and delta opaque."""
    e = _sums_done(unfold_subs(e))
    # no case is simplified: simplify solves a case's condition, and its solver takes one
    # period of a periodic function for all (cos(p) >= 1 read as never true for p > 0; it
    # holds at 2 pi), drops a root ((|x| + 1)^2 != 1 read as never true) or a point of a
    # polynomial one (h^2 <= 0 read as never true, which instantiated at h = 0 gave 1 = 0);
    # and it folds a sign over cases wrongly (-sign of [c: x; else: -y] came out 0 where
    # x = 0, for every c).  Cases are decided by refine, from the signs the kernel shows.
    # A delta, a case by another name, is held too: simplify's exp rewrite writes
    # delta(0, h^3) as delta(0, e^(3 log h)), which SymPy builds as 0 (an exponential is
    # never 0), so cos(h) delta(0, h^3) = 0 was proved (at h = 0 it is 1)
    cases = e.atoms(sp.Piecewise, sp.KroneckerDelta)
    # a sum with no closed form for symbolic limits is held too (:func:`_open_sums`)
    return _opaque_for(tool, e, e.atoms(sp.Integral) | _held(e) | cases | _open_sums(e))


def _reduce(residual: sp.Expr, predicates: Sequence) -> sp.Expr:
    """Reduce a residual towards zero with increasingly expensive tools."""
    r = alpha_normal(sp.sympify(residual))
    for tool in (  # cheap first: most residuals vanish after doit and expand
        lambda e: evaluate(alpha_normal(e)),
        sp.expand,
        # erfc = 1 - erf: an antiderivative's value comes in erf, a slide writes erfc
        lambda e: sp.expand(e.rewrite(sp.erf)) if e.has(sp.erfc) and e.has(sp.erf) else e,
        lambda e: refine(e, predicates),
        sp.expand,
        # a rational function's normal form first: most residuals simplify takes to 0
        # cancel does too, in a fraction of its time
        lambda e: simplify(e, sp.cancel),
        simplify,
        lambda e: simplify(refine(e, predicates)) if predicates else e,
    ):
        if r == 0:
            return sp.S.Zero
        new = tool(r)
        # SymPy's simplify pulls a Piecewise out of a Sum whose index its condition names,
        # leaving the index free: such a result is discarded (the next renaming could
        # capture the escaped name)
        if not any(q.name.startswith((RESERVED, TEMPORARY)) for q in new.free_symbols):
            r = new
    return sp.S.Zero if r == 0 else r


def _uninterpreted(e) -> bool:
    return isinstance(e, AppliedUndef) or (isinstance(e, sp.Function)
                                           and not type(e).__module__.startswith("sympy."))


def _unfold_inside_functions(expr: sp.Expr, definitions: Sequence) -> sp.Expr:
    """``expr`` with each defined symbol replaced by its definiens inside the arguments of
    uninterpreted functions (to a fixpoint: a definiens may use another defined name)."""
    table = {d.symbol: d.expr for d in definitions}
    if not table or not expr.has(*table):
        return expr
    for _ in range(len(table) + 1):
        new = expr.replace(lambda e: _uninterpreted(e) and e.has(*table),
                           lambda e: e.func(*(q.xreplace(table) for q in e.args)))
        if new == expr:
            break
        expr = new
    return expr


class RuleCaptures(DerivationError):
    """A rule whose output binds a symbol that was free in its input."""


def _capture_free(rule, expr: sp.Expr) -> sp.Expr:
    """``rule.apply(expr)``, refused when the output binds (by any binder of
    :func:`bound_variables`) a symbol that was free in the input, other than the variable
    of a derivative the input already took: the rule would capture it; or when it leaves
    free a symbol the input only bound: the rule would let it escape its scope.  The kernel
    checks this after every rule application, so no rule, present or future, can.  Nor
    may a rule rewrite a derivative's body by what holds at its variable's one value: under
    d/da the variable a varies (f(a) = b put into d f(a)/da gave f'(a) = 0); a rule is
    applied to each such body and to the body with the variable renamed, and the two must
    agree (a statement for every value of a, a schema, rewrites both alike; a definition
    unfolds its name alike)."""
    out = sp.sympify(rule.apply(expr))
    expr = sp.sympify(expr)
    for dv in () if isinstance(rule, Axiom) else expr.atoms(sp.Derivative):
        # (an axiom is a rule of its own, tested apart: one that rewrites by what holds at a
        # value, a name, does so outside_derivatives; a function it gives a meaning is not
        # differentiated by what it does not show, _derivative_refusal)
        moving = {v: sp.Dummy(v.name, **v.assumptions0) for v in dv.variables
                  if isinstance(v, sp.Symbol) and dv.expr.has(v)}
        back = {d: v for v, d in moving.items()}  # what the rule writes in is not renamed
        if moving and sp.sympify(rule.apply(dv.expr)) != sp.sympify(
                rule.apply(dv.expr.xreplace(moving))).xreplace(back):
            raise RuleCaptures(
                f"the {rule.kind} {rule.name!r} rewrites {_text(dv)} by what holds at one "
                f"value of {', '.join(sorted(map(str, moving)))}, which the derivative varies")
    for dv in expr.atoms(sp.Derivative):
        # a body that does not show v is constant in v to SymPy (d/dc x(t) = 0), so a rule
        # that writes v into it says otherwise: the closed form t sin(pi c) of x(t) put into
        # d/dc x(t) gave pi t cos(pi c) = 0
        unseen = {v for v in dv.variables if isinstance(v, sp.Symbol) and not dv.expr.has(v)}
        written = sp.sympify(rule.apply(dv.expr)) if unseen else dv.expr
        shown = sorted(map(str, {v for v in unseen if written.has(v)}))
        if shown:
            raise RuleCaptures(
                f"the {rule.kind} {rule.name!r} writes {', '.join(shown)} into the body of "
                f"{_text(dv)}, which does not show it: SymPy takes that derivative for 0")
    escaped = (out.free_symbols - expr.free_symbols) & bound_variables(expr)
    if escaped:  # E(sum_k U(0, k)) integrated over [0, k] outside the sum: k escapes
        raise RuleCaptures(
            f"the {rule.kind} {rule.name!r} leaves {', '.join(sorted(map(str, escaped)))} free, "
            "which a binder of the expression it rewrites binds: the rule would move it out "
            "of its scope")
    shadowed = _shadowed(out) - _shadowed(expr)
    if shadowed:  # alpha-normal names are distinct per binder: a new one of the same name
        # inside holds what the outer one bound (a closed form sum_{b=1}^{1} t, its own
        # binder named like the kernel's, put in at x(b) under sum_b, made every term 1)
        raise RuleCaptures(
            f"the {rule.kind} {rule.name!r} writes a binder of "
            f"{', '.join(sorted(map(str, shadowed)))} inside one of the same name: the rule "
            "would capture what the outer one binds")
    if out.has(*_BINDERS, sp.Lambda, sp.Subs, sp.Limit, sp.Derivative):
        free = sp.sympify(expr).free_symbols
        # a derivative's variable stays free: only one the input did not differentiate by
        differentiated = {v for d in sp.sympify(expr).atoms(sp.Derivative) for v in d.variables}
        binds = set().union(*((_binding(n) - differentiated) if isinstance(n, sp.Derivative)
                              else _binding(n) for n in sp.preorder_traversal(out)))
        caught = binds & free
        if caught:
            raise RuleCaptures(
                f"the {rule.kind} {rule.name!r} binds {', '.join(sorted(map(str, caught)))}, "
                "which is free in the expression it rewrites: the rule would capture it")
    return out


def rewrite(rule, expr: sp.Expr) -> sp.Expr:
    """``rule`` applied to ``expr`` as the kernel applies every rule, in a step or in an
    axiom's own guard: to the expression with its binders renamed apart
    (:func:`alpha_normal`), refused where it captures (:func:`_capture_free`), and renamed
    again.  SymPy's ``subs`` renames no bound variable: the induction guard's SUM_PEEL, put
    at b = m + 1 + c into a summand binding c, accepted a false closed form."""
    return alpha_normal(_capture_free(rule, alpha_normal(expr)))


def outside_derivatives(expr: sp.Expr, symbols, rewrite: Callable) -> sp.Expr:
    """``rewrite(expr)`` with each derivative by one of ``symbols`` held whole.  An axiom
    that rewrites by what holds at one value of a symbol (a name for f(x)) may not rewrite
    inside a derivative that varies it: positive_name(f(x)) put its constant into
    d f(x)/dx, and exp(x) = 0 was proved."""
    symbols = set(symbols)
    held = {d: sp.Dummy("held") for d in expr.atoms(sp.Derivative)
            if symbols & set(d.variables)}
    if not held:
        return rewrite(expr)
    return rewrite(expr.xreplace(held)).xreplace({v: d for d, v in held.items()})


def _check_rule_output(rule, before: sp.Expr, after: sp.Expr, predicates: Sequence) -> None:
    """What a rule writes is held to what an author writes.  An axiom brings in only names
    it declares (:attr:`Axiom.names`: fixed wherever it is used), none of them random (a
    law's parameters and a moment's value are constants); and its output may give no
    binder a range its input did not show (SUM_PEEL turning an ordered sum into a reversed
    one at t = 0).  A rewritten denominator is not
    checked again: the rule keeps its value (Var(h) becomes E(h^2) - E(h)^2)."""
    new = {q for q in after.free_symbols - before.free_symbols if isinstance(q, sp.Symbol)
           and not q.name.startswith((RESERVED, TEMPORARY))}
    if new:
        from .axioms.expectation import is_random  # the registry of random names

        if isinstance(rule, Axiom):
            # its own names only: what it rests on names what its guard may write, not what
            # it writes (a closed form of the induction bringing in c, which a positive_name
            # in its guard fixes, was let in)
            named = {*rule.names, *rule.fixes,
                     *(rule.rule.free_symbols if isinstance(rule.rule, sp.Equality) else ())}
            stray = sorted(map(str, new - named))
            if stray:
                raise RuleCaptures(f"the axiom {rule.name!r} brings in {', '.join(stray)}, "
                                   "which it does not name (Axiom.names): a name a rule brings "
                                   "in is fixed wherever it is used")
        randoms = [q for q in new if isinstance(rule, Axiom) and is_random(q, ())]
        if randoms:
            raise RuleCaptures(
                f"the {rule.kind} {rule.name!r} brings in "
                f"{', '.join(sorted(map(str, randoms)))}, which this derivation takes for "
                "random: a law's parameters and a moment's value are constants")

    def kinks(e: sp.Expr) -> set:
        return {k if k is None else alpha_normal(k) for dv in e.atoms(sp.Derivative)
                for k in _kinks(dv.expr, set(dv.variables))}

    fresh = kinks(after) - kinks(before)
    if fresh:  # checked where the author wrote the derivative, never where a rule put it
        shown = ", ".join(sorted("a step function" if k is None else _text(k)
                                 for k in fresh))
        raise RuleCaptures(f"the {rule.kind} {rule.name!r} puts a kink ({shown}) under a "
                           "derivative that the step as written does not show")
    chance = _chance_in(after)
    if chance and chance != _chance_in(before):
        raise RuleCaptures(f"the {rule.kind} {rule.name!r} writes what an author may not: "
                           f"{chance}")
    ranges = ("the limits of", "the index", "the integration variable", "the Subs", "the limit")
    binders = (*_BINDERS, sp.Subs, sp.Limit)
    written = after.atoms(*binders) - before.atoms(*binders)  # only what the rule wrote
    needs = {m for node in written for m in side_conditions(node, tuple(predicates))
             if m.startswith(ranges)}
    if needs:  # what the input already needed (and the author was held to) is not new
        needs -= set(side_conditions(before, tuple(predicates)))
    if needs:
        raise RuleCaptures(f"the {rule.kind} {rule.name!r} writes what needs "
                           f"{'; '.join(sorted(needs))}")


@_final
@dataclass(frozen=True)
class Step:
    """A chain of equal expressions, ``exprs[0] = exprs[1] = ...``.

    ``because`` is the kind of justification (one of :data:`JUSTIFICATIONS`),
    ``using`` the rules (axioms, lemmas, assumptions, definitions) applied to
    the residual before it is reduced, ``note`` a sentence for the reader.
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
        chain = " = ".join(_text(e) for e in self.exprs)
        return f"{chain}, {self.because}"

    def residuals(self, predicates: Sequence, definitions: Sequence = ()) -> list[sp.Expr]:
        return [r for r, _ in self.reductions(predicates, definitions)]

    def reductions(self, predicates: Sequence, definitions: Sequence = ()
                   ) -> list[tuple[sp.Expr, sp.Expr | None]]:
        """Each link's reduced residual, and the residual the named rules rewrote it to
        (None if none did): the kernel's numeric cross-check compares a link's sides where
        no rule touched it, else that residual with 0 (the rules are trusted, the reduction
        that follows them is checked).  Inside an
        uninterpreted function (E, Var, ...) every defined name is first replaced by what
        it names: an axiom that reads the argument's shape (which factors are random)
        must not take an alias of a random variable for a constant."""
        out = []
        for a, b in zip(self.exprs[:-1], self.exprs[1:], strict=True):
            r = start = _unfold_inside_functions(alpha_normal(a - b), definitions)
            for rule in self.using:
                before = r
                r = rewrite(rule, r)
                _check_rule_output(rule, before, r, predicates)
                if r.has(sp.Float):
                    raise ValueError(f"the rule {rule.name!r} brought in a floating-point "
                                     "number (equality up to rounding proves nothing)")
            out.append((_reduce(r, predicates), r if r != start else None))
        return out

    def equalities(self):
        return list(zip(self.exprs[:-1], self.exprs[1:], strict=True))


@_final
@dataclass(frozen=True)
class Solve:
    """The equation the proved chain ended with has exactly one solution for ``unknown``.

    ``equation.lhs`` must be the last expression of the step just before (the
    kernel checks the link); ``unknown`` must be fresh (no earlier step, rule or
    predicate fixes it, except one assumption naming it, ``Var(X) = unknown``, for a
    variance of random names no law, hypothesis or lemma fixes or bounds, and a ``value``
    shown nonnegative); the kernel proves that ``value`` is the only
    solution in the unknown's domain (its symbol assumptions) and that no
    denominator vanishes there.  Then ``unknown = value`` is proved.
    """

    equation: sp.Eq
    unknown: sp.Symbol
    value: sp.Expr
    note: str = ""
    because: str = "solve"
    using: tuple = ()

    def __post_init__(self):  # Solve(..., value=3): the value is SymPy's, like a step's
        object.__setattr__(self, "value", sp.sympify(self.value))
        object.__setattr__(self, "using", tuple(self.using))  # frozen, as a step's

    def describe(self) -> str:
        eq = self.equation
        stated = (f"{_text(eq.lhs)} = {_text(eq.rhs)}" if isinstance(eq, sp.Equality)
                  else _text(eq))
        return f"{stated} solved for {self.unknown}: {_text(self.value)}, solve"

    @property
    def exprs(self) -> tuple:
        return (self.unknown, self.value)

    def solve(self, facts: tuple) -> str | None:
        """Why ``value`` is not shown to be the unique solution, or None when it is."""
        u = self.unknown
        if u in sp.sympify(self.value).free_symbols:
            return f"the value {_text(self.value)} contains the unknown {u}"
        f = sp.together(self.equation.lhs - self.equation.rhs)
        num, den = sp.fraction(f)
        if u in den.free_symbols:
            return f"the unknown {u} occurs in a denominator; cannot prove uniqueness"
        try:
            poly = sp.Poly(sp.expand(num), u) if num.has(u) else None
        except sp.PolynomialError:  # exp(u), |u - 1|, a sum of u: no polynomial in u
            poly = None
        if poly is None or poly.degree() < 1 or any(
                u in c.free_symbols for c in poly.all_coeffs()):
            return f"the equation is not a polynomial equation in {u}; cannot prove uniqueness"
        if poly.degree() == 1:
            c1, c0 = poly.all_coeffs()
            if not _shown("nonzero", sp.factor(c1), facts):
                return (f"the coefficient {_text(sp.factor(c1))} of {u} is not shown nonzero, "
                        "so the solution is not shown unique")
            roots = [sp.factor(-c0 / c1)]  # c1 is shown nonzero: cancelling is sound
        else:
            lead = sp.factor(poly.all_coeffs()[0])
            if not _shown("nonzero", lead, facts):  # a u^2 = a holds for every u at a = 0
                return (f"the leading coefficient {_text(lead)} of the equation in {u} is not "
                        "shown nonzero, so its roots are not shown to be all its solutions")
            z = sp.Dummy("z")  # no assumptions: every complex root
            found = sp.roots(sp.Poly(poly.as_expr().xreplace({u: z}), z))
            if sum(found.values()) != poly.degree():
                return (f"SymPy found {sum(found.values())} of {poly.degree()} roots; cannot "
                        "prove uniqueness")
            roots = [sp.factor(r) for r in found]
        domain = _declared(u)  # every key declared of u: integer, even, positive, ...
        flip = {True: False, False: True, None: None}
        kept = []
        for root in roots:
            verdicts = [_in_domain(root, k, facts) if holds else flip[_in_domain(root, k, facts)]
                        for k, holds in domain.items()]
            if all(v is True for v in verdicts):
                kept.append(root)
            elif any(v is False for v in verdicts):
                continue
            else:
                return (f"the root {_text(root)} is neither shown in nor out of the domain "
                        f"of {u} ({_domain_text(domain)})")
        if len(kept) != 1:
            return f"{len(kept)} solutions in the domain of {u}: {_text(kept)}"
        if _reduce(kept[0] - self.value, facts) != 0:
            return f"the solution is {_text(kept[0])}, not {_text(self.value)}"
        if den.free_symbols and not _shown("nonzero", den.xreplace({u: self.value}), facts):
            return f"the denominator {_text(den)} is not shown nonzero at the solution"
        return None

    def residuals(self, predicates: Sequence) -> list[sp.Expr]:
        why = self.solve(tuple(predicates))
        return [sp.S.Zero if why is None else sp.Symbol(why)]

    def equalities(self):
        return [(self.unknown, self.value)]


def _domain_text(domain: dict) -> str:
    return ", ".join(k if holds else f"not {k}" for k, holds in domain.items()) or "complex"


def _in_domain(root: sp.Expr, kind: str, facts: tuple) -> bool | None:
    if kind not in ("positive", "nonnegative", "negative", "nonpositive", "real"):
        if unmet_assumption(sp.Dummy(**{kind: True}), root, facts) is None:
            return True
        q = getattr(sp.Q, kind, None)
        if getattr(root, f"is_{kind}", None) is False or (q is not None and _ask(
                q(root), tuple(facts)) is False):
            return False
        return None
    q = {"positive": sp.Q.positive, "nonnegative": sp.Q.nonnegative, "negative": sp.Q.negative,
         "nonpositive": sp.Q.nonpositive, "real": sp.Q.real}[kind]
    opposite = {"positive": "nonpositive", "nonnegative": "negative", "negative": "nonnegative",
                "nonpositive": "positive"}
    verdict = _ask(q(root), tuple(facts))
    if verdict is True or (_shown(kind, root, facts) if kind != "real" else
                           unmet_assumption(sp.Dummy(real=True), root, facts) is None):
        return True
    if verdict is False:
        return False
    if kind in opposite and _shown(opposite[kind], root, facts):
        return False
    return None


@functools.cache
def _lambdified(parameters: tuple, rhs: sp.Expr) -> Callable:
    return sp.lambdify(parameters, rhs, modules="numpy")


@_final
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

    def __post_init__(self):
        object.__setattr__(self, "lhs", sp.sympify(self.lhs))
        object.__setattr__(self, "rhs", sp.sympify(self.rhs))
        object.__setattr__(self, "parameters", tuple(self.parameters))

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


@_final
@dataclass(frozen=True)
class StepRecord:
    index: int
    step: Step | Solve
    residuals: tuple


@_final
@dataclass(frozen=True)
class Proof:
    """The kernel's verdict on a derivation: every step with its residuals."""

    derivation: Derivation
    records: tuple[StepRecord, ...]
    error: DerivationError | None = None
    #: the ids of the claims that the proved steps connect
    established: frozenset[str] = frozenset()
    #: for each established claim, the assumptions its chain rests on (a lemma carries them)
    dependencies: dict = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None


# ---------------------------------------------------------------- rule sources

@functools.cache
def _file_digest(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "?"


def rule_source_key(rule) -> str:
    """A digest of the source of every Python function a rule runs: the modules
    that define the rule's function, the functions it closes over, and the
    rule's class (an Assumption subclass may override ``apply``), so that a
    changed rule changes every fingerprint it enters."""
    files: set[str] = set()
    seen: set[int] = set()

    def visit(obj) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if inspect.isfunction(obj):
            files.add(obj.__code__.co_filename)
            for cell in obj.__closure__ or ():
                try:
                    visit(cell.cell_contents)
                except ValueError:
                    pass
            for name in obj.__code__.co_names:
                target = obj.__globals__.get(name)
                if inspect.isfunction(target) and target.__module__ == obj.__module__:
                    visit(target)
        elif isinstance(obj, Axiom | Assumption | Definition | Lemma):
            visit(getattr(obj, "rule", None))
            visit(getattr(obj, "rests_on", ()))
        elif isinstance(obj, tuple | list):
            for q in obj:
                visit(q)

    visit(rule)
    try:
        files.add(inspect.getfile(type(rule)))
    except TypeError:
        pass
    return ",".join(_file_digest(p) for p in sorted(files))


# ---------------------------------------------------------------- lemmas

#: Chapter modules whose axioms have not yet moved to derivations.axioms (shrinks to empty).
LEGACY_AXIOM_MODULES: frozenset = frozenset()


@functools.cache
def _interpreted_heads() -> dict:
    """head -> module: the undefined functions the axiom modules interpret (ReLU, Var, U,
    N, ...), each by the rules of the module that declares it."""
    from . import axioms

    out: dict = {}
    for mod in axioms.modules():
        for value in vars(mod).values():
            head = value.func if isinstance(value, AppliedUndef) else value
            if isinstance(head, sp.core.function.UndefinedFunction):
                out.setdefault(head, mod.__name__)
    return out


def _axiom_home_ok(origin: str) -> bool:
    """Axioms are made in derivations.axioms (tests may make their own to test the kernel)."""
    return (not origin.startswith("derivations.") or origin.startswith("derivations.axioms")
            or origin in LEGACY_AXIOM_MODULES)


_PROOFS: dict = {}


def proof_of(d: Derivation, randoms: tuple = ()) -> Proof:
    """``d.prove(raise_on_failure=False)``, made once per process and shared: the proof a
    lemma of ``d`` rests on, and the one a test or report asks for.  With ``randoms``, the
    proof with those names random too (what a lemma of ``d`` is worth where they are)."""
    key = (id(d), tuple(randoms))
    if key not in _PROOFS or _PROOFS[key][0] is not d:
        _PROOFS[key] = (d, d._proof_among(tuple(randoms), raise_on_failure=False))
    return _PROOFS[key][1]


def _path_dependencies(edges: dict, a, b) -> tuple:
    """The assumptions on a shortest chain of proved equalities from ``a`` to ``b``."""
    parent = {a: None}
    queue = [a]
    for node in queue:
        if node == b:
            break
        for other, deps in edges.get(node, ()):
            if other not in parent:
                parent[other] = (node, deps)
                queue.append(other)
    out: list = []
    node = b
    while parent.get(node) is not None:
        node, deps = parent[node]
        out.extend(d for d in deps if d not in out)
    return tuple(out)


def _fixed_symbols(d: Derivation) -> set:
    """Symbols a derivation does not quantify over: fixed by its assumptions,
    predicates, definitions or Solve steps, or named by its axioms (a law's parameters, a
    notation's name): instantiating them is refused."""
    out: set = set()
    for a in d.assumptions:
        for q in (*a.substitutions, *a.predicates):
            out |= q.free_symbols
    for p in d.predicates:
        out |= p.free_symbols
    for s in d.steps:
        if isinstance(s, Solve):
            out.add(s.unknown)
        for r in axiom_closure(s.using):
            out |= set(r.fixes) | set(r.names)
            for q in r.requires:
                out |= q.free_symbols
        for r in s.using:
            if isinstance(r, Definition):
                out.add(r.symbol)
            if isinstance(r, Assumption):
                for q in (*r.substitutions, *r.predicates):
                    out |= q.free_symbols
            if isinstance(r, Lemma) and r.derivation is not None:  # fixed there, fixed here
                out |= _fixed_symbols(r.derivation) - set(dict(r.mapping))
    return out


def _opaque(preds: tuple, interpreted: bool = True) -> tuple:
    """The predicates with every application, sum, integral and entry replaced by one symbol
    each (carrying what SymPy knows of it: integer, real, positive, ...), so that the
    assumption system can compare them without evaluating anything.  With ``interpreted``
    False, SymPy's own functions (sin, exp, Abs, ...) stay, to be evaluated at a point."""
    kinds = (AppliedUndef, sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Indexed,
             sp.Function)
    table: dict = {}
    for p in preds:
        for node in sp.preorder_traversal(p):
            if not interpreted and isinstance(node, sp.Function) and not _uninterpreted(node):
                continue
            if isinstance(node, kinds) and node not in table and not isinstance(
                    node, sp.assumptions.assume.AppliedPredicate):
                keys = {k: True for k in ("integer", "real", "positive", "nonnegative",
                                          "negative", "nonpositive", "nonzero")
                        if getattr(node, f"is_{k}", None) is True}
                table[node] = sp.Dummy(f"o{len(table)}", **keys)
    return tuple(p.xreplace(table) for p in preds)


def _witnessed(preds: tuple, tries: int = 24) -> bool:
    """Whether random exact points (meeting every symbol's declaration, and the sign a
    predicate gives a bare symbol) find one where every predicate holds: a witness of
    consistency, much cheaper than asking.  The first point is 0 wherever 0 may be drawn; of
    the others, a third are drawn below 1 in size, a third above 16."""
    import random

    from .refutation import _holds, _sample

    signs = {sp.Q.positive: 1, sp.Q.nonnegative: 1, sp.Q.negative: -1, sp.Q.nonpositive: -1}
    sign_of = {p.arguments[0]: signs[p.function] for p in preds
               if getattr(p, "function", None) in signs and isinstance(p.arguments[0], sp.Symbol)}
    # a predicate that makes a bare symbol an integer (even, odd, zero) is drawn as one
    kinds = {sp.Q.integer: "integer", sp.Q.even: "even", sp.Q.odd: "odd", sp.Q.zero: "zero"}
    drawn_as = {}
    for p in preds:
        if getattr(p, "function", None) in kinds and isinstance(p.arguments[0], sp.Symbol):
            try:
                drawn_as[p.arguments[0]] = sp.Dummy(**{**_declared(p.arguments[0]),
                                                       kinds[p.function]: True})
            except sp.core.facts.InconsistentAssumptions:  # against the declaration
                return False
    rng = random.Random(0)
    symbols = sorted(set().union(*(p.free_symbols for p in preds)), key=str)
    for attempt in range(tries):
        point = {}
        for sym in symbols:
            drawn = drawn_as.get(sym, sym)
            zero = drawn.is_zero or (  # the first point: 0 where it may be
                attempt == 0 and not sign_of.get(sym) and unmet_assumption(
                    drawn, sp.S.Zero) is None)
            value = sp.S.Zero if zero else _sample(
                drawn, rng, sign_of.get(sym, 0), small=attempt % 3 == 1)
            if value is not None and attempt % 3 == 2 and unmet_assumption(
                    drawn, 16 * value) is None:  # large: K >= 12
                value *= 16
            if value is None:
                return False
            point[sym] = value
        if all(_holds(p, point) is True for p in preds):
            return True
    return False


def _inconsistency(preds: tuple) -> str | None:
    """Why the predicates are not shown consistent with the symbols' declarations and with
    each other, or None: under contradictory hypotheses every statement follows, so the
    kernel refuses them.  Consistency is shown by a witness (:func:`_witnessed`): a point
    where every predicate holds, SymPy's own functions evaluated there, and only what the
    kernel cannot value (an undefined function, a moment, a sum, an integral it does not
    value) taken as a free value of its declared sign.  With no witness the predicates are
    refused; SymPy's ask, which has no verdict on x > 2 with 4 - x^2 > 0 (a pair that
    proved 2 = 1), only names the predicate at fault where it can; two opposed linear
    bounds and a predicate false once reduced are named before the search."""
    opaque = tuple(p for p in _opaque(tuple(preds)) if p.free_symbols)
    why = _opposed_bounds(opaque)
    if why:
        return why  # the cheap linear check before SymPy's slow ask

    # SymPy's own functions are evaluated at the point (taken as free values, sin(x) > 1
    # had a witness), and an integral the kernel values is its value
    valued = tuple(p.func(*(evaluate(a) if isinstance(a, sp.Expr) else a for a in p.args))
                   for p in preds)
    witness = _opaque(valued, interpreted=False)
    witnessed = _witnessed(witness)  # a closed one too: Q.positive(-1) holds nowhere

    # each side of SymPy's functions reduced, as a residual is: sin(y)^2 + cos(y)^2 - 1 > 0
    # reads 0 > 0 (a moment's or an undefined function's value is the hypothesis's own);
    # needed only of a predicate the witness saw something opaque in (a sum of such terms):
    # one it saw whole holds at the witness, so it is not false
    def plain(a) -> bool:
        return isinstance(a, sp.Expr) and bool(a.free_symbols) and all(
            (type(f).__module__ or "").startswith("sympy.") for f in a.atoms(sp.Function))

    for p, seen in zip(preds, witness, strict=True):
        if witnessed and seen.free_symbols <= p.free_symbols:
            continue
        args = getattr(p, "arguments", ())
        if any(plain(a) for a in args) and _false_reduced(p):
            return f"the predicate {_text(p)} is false: under it anything would follow"
    if witnessed:
        return None  # a point where every predicate holds: consistent
    given, preds = preds, opaque
    for k, p in enumerate(preds):
        others = preds[:k] + preds[k + 1:]
        try:
            alone = _ask(p)
            against = _ask(p, others) if others else None
        except ValueError:
            alone = against = False
        if alone is False or against is False:
            return (f"the predicate {_text(p)} contradicts "
                    + ("the assumptions its symbols are declared with" if alone is False
                       else "the other predicates")
                    + ": under them anything would follow")
    return ("no point was found where the predicates " + ", ".join(map(sp.sstr, given))
            + " all hold (meeting the symbols' declarations): they are not shown consistent, "
            "and under contradictory predicates anything would follow")


@functools.lru_cache(maxsize=1024)
def _false_reduced(p) -> bool:
    """Whether ``p``'s sides, reduced (the kernel's ``simplify``, then factored), make it
    false: sin(y)^2 + cos(y)^2 - 1 > 0 reads 0 > 0, x^2 - 2xy + y^2 < 0 reads (x - y)^2 < 0."""
    reduced = p.function(*(simplify(a) for a in p.arguments))
    return any(_ask(q) is False for q in dict.fromkeys(
        (reduced, reduced.function(*(sp.factor(a) for a in reduced.arguments)))))


def _opposed_bounds(preds: tuple) -> str | None:
    """Two predicates whose sides add up to a contradiction, or None: each sign or order
    predicate reads as e >= 0 or e > 0 (c >= n + 1: c - n - 1 >= 0; c < n + 1: n + 1 - c > 0),
    and two whose e's sum to a negative number, or to 0 with one strict, cannot both hold."""
    strict = {sp.Q.positive: (1, True), sp.Q.negative: (-1, True),
              sp.Q.nonnegative: (1, False), sp.Q.nonpositive: (-1, False)}
    order = {sp.Q.gt: (1, True), sp.Q.ge: (1, False), sp.Q.lt: (-1, True), sp.Q.le: (-1, False)}
    bounds = []
    for p in preds:
        fn, args = getattr(p, "function", None), getattr(p, "arguments", ())
        if fn in strict and len(args) == 1:
            sign, is_strict = strict[fn]
            bounds.append((p, sign * args[0], is_strict))
        elif fn in order and len(args) == 2:
            sign, is_strict = order[fn]
            bounds.append((p, sign * (args[0] - args[1]), is_strict))
    for k, (p, e, sp_) in enumerate(bounds):
        for q, f, sq in bounds[k + 1:]:
            total = sp.expand(e + f)
            if total.is_number and (total < 0 or (total == 0 and (sp_ or sq))):
                return (f"the predicate {_text(q)} contradicts the other predicates "
                        f"({_text(p)}): under them anything would follow")
    return None


def _requirement_shown(q, facts: tuple) -> bool:
    """Whether the fact ``q`` an axiom requires follows from ``facts``: a sign by the
    side-condition prover (fast on large sums of squares), else by SymPy's ``ask``."""
    signs = {sp.Q.positive: "positive", sp.Q.nonnegative: "nonnegative",
             sp.Q.nonzero: "nonzero"}
    if getattr(q, "function", None) in signs and _shown(signs[q.function], q.arguments[0],
                                                        facts):
        return True
    return _ask(q, tuple(facts)) is True


#: The SymPy classes the kernel reasons about: the arithmetic of real numbers, finite sums
#: and products, integrals, derivatives, limits and the total functions the chapters use.
#: A function with poles or branch cuts (gamma, binomial, factorial, tan, ...) is left out:
#: SymPy's rewriting of it (binomial as a quotient of gammas) cancels poles that no side
#: condition ever sees.  Numbers are exact rationals and the constants below.
VOCABULARY = frozenset({
    sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Dummy, sp.Tuple,
    sp.core.numbers.Infinity, sp.core.numbers.NegativeInfinity, sp.core.numbers.Pi,
    sp.core.numbers.Exp1, sp.core.numbers.ImaginaryUnit,
    sp.Equality, sp.Unequality, sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan,
    sp.LessThan, sp.logic.boolalg.BooleanTrue, sp.logic.boolalg.BooleanFalse, sp.And, sp.Or,
    sp.Not,
    sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Subs, sp.Limit,
    sp.Abs, sp.sign, sp.Max, sp.Min, sp.floor, sp.ceiling, sp.Piecewise,
    sp.functions.elementary.piecewise.ExprCondPair, sp.Heaviside, sp.KroneckerDelta,
    sp.exp, sp.log, sp.sin, sp.cos, sp.tanh, sp.erf, sp.erfc,
    sp.Indexed, sp.IndexedBase,
    sp.assumptions.assume.AppliedPredicate, sp.assumptions.relation.binrel.AppliedBinaryRelation,
})


_PREDICATE_CLASSES = (sp.assumptions.assume.AppliedPredicate,
                      sp.assumptions.relation.binrel.AppliedBinaryRelation)


_INFINITIES = (sp.oo, -sp.oo)  # zoo is no number of the vocabulary at all


def _infinity_outside_bounds(e: sp.Basic) -> bool:
    """Whether ``e`` holds an infinity anywhere but as a bound of a sum, product or integral
    or as the point of a limit (Limit(f, t, oo))."""
    def placeholder(q):
        return sp.Dummy("bound") if q in _INFINITIES else q

    def bounds_held(node):
        if isinstance(node, sp.Sum | sp.Product | sp.Integral) and all(
                len(lim) == 3 for lim in node.limits):
            return type(node)(node.function, *((v, placeholder(lo), placeholder(hi))
                                                for v, lo, hi in node.limits))
        if isinstance(node, sp.Limit):
            return sp.Limit(node.args[0], node.args[1], placeholder(node.args[2]),
                            str(node.args[3]))
        return node

    held = sp.sympify(e).replace(lambda q: isinstance(q, sp.Sum | sp.Product | sp.Integral
                                                      | sp.Limit), bounds_held)
    return held.has(*_INFINITIES)


def _foreign_node(e: sp.Basic, predicate: bool = False) -> str | None:
    """Why ``e`` holds a node the kernel does not trust, or None: every node's class must be
    in :data:`VOCABULARY` (an exact rational, a plain undefined function ``sp.Function("f")``
    or a class of derivations.axioms also count); a class of the author's own could decide
    its own residual (``__sub__`` returning 0) or its own value.  A predicate of SymPy's
    assumptions (``Q.zero(x)``) stands only as a hypothesis (``predicate``: a predicate, or
    its And, Or and Not), never inside an expression: there refine decides it by ``ask``,
    unsound about exp(I x), and no check sees the kink of Piecewise((0, Q.zero(x)), (x,
    True)).  A sum, product or integral must have both limits: an antiderivative is fixed
    only up to a constant, and its variable is free.  An infinity stands only as such a limit
    or as a limit's point (:func:`_infinity_outside_bounds`); a Piecewise ends with a case
    for True (elsewhere it has no value)."""
    infinite_outside = functools.cache(lambda: _infinity_outside_bounds(e))  # asked once
    top = {e}
    if predicate:
        frontier = [e]
        while frontier:
            q = frontier.pop()
            if isinstance(q, sp.And | sp.Or | sp.Not):
                top.update(q.args)
                frontier.extend(q.args)
    for node in sp.preorder_traversal(e):
        cls = type(node)
        if isinstance(node, _PREDICATE_CLASSES) and not (predicate and node in top):
            return (f"the expression {_text(e)} holds the predicate {_text(node)} of "
                    "SymPy's assumptions inside it: a predicate is a hypothesis, listed among "
                    "the predicates; inside an expression write a relation (Eq(x, 0), x > 0)")
        if isinstance(cls, sp.core.function.UndefinedFunction):
            continue
        module = getattr(cls, "__module__", "") or ""
        if isinstance(node, sp.Subs) and (
                len(set(node.variables)) < len(node.variables)
                or any(_mentions(p, set(node.variables)) for p in node.point)):
            return (f"the expression {_text(e)} holds {_text(node)}, whose point names one "
                    "of its own variables: SymPy builds Subs(Subs(f, x, y), y, 0) as that one, "
                    "and its doit substitutes the pairs one after another for some bodies and "
                    "all at once for others (d/dx x^2 at 0 came out 2 y); give each variable a "
                    "point free of them")
        if node in _INFINITIES and not predicate and infinite_outside():
            return (f"the expression {_text(e)} holds {_text(node)} outside the bounds of a "
                    "sum, product or integral and the point of a limit: arithmetic with it "
                    "has no value where it meets 0 or its own negative ((p q)^oo = p^oo q^oo "
                    "made (3/2)^oo = 3^oo (1/2)^oo = 0); write the limit")
        if isinstance(node, sp.Derivative) and any(
                not (count.is_Integer and count > 0) for _, count in node.variable_count):
            return (f"the expression {_text(e)} holds {_text(node)}, a derivative of an order "
                    "that is not a positive whole number as written: SymPy has no rules for "
                    "a symbolic order; write the derivatives out")
        if isinstance(node, sp.KroneckerDelta) and len(node.args) > 2:
            return (f"the expression {_text(e)} holds {_text(node)}, a delta restricted to a "
                    "range: SymPy checks the range for numbers only (delta_(1,3)(5, 5) = 0) and "
                    "builds delta_(1,3)(k, k) as 1 for a symbol k; write the range as a "
                    "factor")
        if isinstance(node, sp.Piecewise) and node.args[-1].cond is not sp.true:
            return (f"the expression {_text(e)} holds {_text(node)}, which has no value where "
                    "none of its conditions holds (SymPy still reads a sign of it: "
                    "Piecewise((x^2 + 1, x > 0)) is positive to it, and nan at x = -1); end it "
                    "with a case for True")
        if isinstance(node, (sp.Sum, sp.Product, sp.Integral)) and any(
                len(lim) != 3 for lim in node.limits):
            return (f"the expression {_text(e)} holds {_text(node)} without both limits: "
                    "an antiderivative is fixed only up to a constant; write a definite one")
        if (cls in VOCABULARY or module.startswith(("derivations.axioms", __name__))
                or (isinstance(node, sp.Rational) and module == "sympy.core.numbers")
                or module.startswith("sympy.assumptions.")):
            continue
        return (f"the expression {_text(e)} holds a {cls.__name__} (from {module}), outside "
                "the kernel's vocabulary (kernel.VOCABULARY: exact numbers, arithmetic, finite "
                "sums and products, integrals, derivatives, limits and total functions; a "
                "function with poles such as gamma or binomial hides side conditions)")
    return None


def _other_bound(e: sp.Basic) -> set:
    """The symbols bound by a Subs or a Limit in ``e`` (binders the kernel does not rename:
    no definition may name them and no predicate may speak of them)."""
    out: set = set()
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Subs):
            out |= set(node.variables)
        elif isinstance(node, sp.Limit):
            out.add(node.args[1])
    return out


def _not_a_kernel_rule(r) -> str:
    kind = getattr(r, "kind", type(r).__name__)
    return (f"{type(r).__name__} {getattr(r, 'name', r)!r} is not a rule the kernel made: only "
            "Assumption, Axiom, Lemma and Definition objects themselves are applied (a subclass "
            f"or look-alike could bring its own rewrite; this {kind} overrides the kernel's "
            "rewrite)")


def _structure(e) -> str:
    """``e`` as a structure: its ``srepr`` (every symbol with its assumptions) and the keys of
    each undefined function in it, which ``srepr`` leaves out (Function('f') and
    Function('f', real=True) print alike there too)."""
    def parts(q):
        if isinstance(q, sp.Basic):
            yield q
        elif isinstance(q, tuple | list):
            for x in q:
                yield from parts(x)

    heads = sorted({(f.func.__name__, tuple(sorted(_declared(f).items())))
                    for q in parts(e) for f in q.atoms(AppliedUndef)})
    return sp.srepr(e) + (repr(heads) if heads else "")


def _homonym(exprs: list) -> str | None:
    """Why two different symbols or undefined functions in ``exprs`` share a name, or None.
    What the page prints is read with one meaning per name: a claim proved of a positive t
    beside a nonnegative t would print as one statement about one t, true only where both
    hold; and a binder's variable may not share its name with another symbol in its scope
    (sum_{x=1}^3 x = 3 x, the body's x free, printed as 6 = 3 x)."""
    def shown(q):
        keys = sorted(k for k, v in _declared(q).items() if v and k != "commutative")
        return ", ".join(keys) or "with no assumption"

    seen: dict = {}
    for e in exprs:
        named = [*sorted(e.free_symbols, key=sp.default_sort_key),
                 *sorted({q.func for q in e.atoms(AppliedUndef)}, key=str)]
        for s in named:
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
                name, what = s.name, "symbols"
            elif isinstance(s, type):
                name, what = s.__name__, "functions"
            else:
                continue
            other = seen.setdefault((name, what), s)
            if other != s:
                keys = (shown(other), shown(s)) if what == "symbols" else (
                    shown(other(sp.S.One)), shown(s(sp.S.One)))
                return (f"the name {name} stands for two {what} here, one declared "
                        f"{keys[0]} and one {keys[1]}: one name, one meaning in a "
                        "derivation (what the page prints is read with one meaning per "
                        "name); rename one, or instantiate a lemma's symbol at this one")
        for b in e.atoms(*_BINDERS, sp.Subs, sp.Limit):
            for v in (b.args[1],) if isinstance(b, sp.Limit) else b.variables:
                alike = sorted({q for q in b.free_symbols if isinstance(q, sp.Symbol)
                                and q.name == getattr(v, "name", None) and q != v}, key=str)
                if alike:
                    return (f"the variable {v} of {_text(b)} shares its name with another "
                            f"symbol {alike[0]} ({shown(alike[0])}) in its scope: the page "
                            "prints them as one; rename the variable")
    return None


def _meanings(d: Derivation, out: dict | None = None, seen: set | None = None,
              here: bool = True) -> dict:
    """name -> [(meaning, what gave it, derivation id)] over ``d`` and, transitively, the
    derivations of its lemmas: every way a name is given a value (an axiom that fixes it;
    in a lemma's source also a definition or a Solve for it: ``d``'s own are checked fresh
    where they are made) says what the name means there."""
    out = {} if out is None else out
    seen = set() if seen is None else seen
    if id(d) in seen:
        return out
    seen.add(id(d))

    def give(name, meaning: str, by: str) -> None:
        # meanings are compared as structures (srepr: every symbol with its assumptions), so
        # two symbols that print alike cannot pass for one
        if all(e[0] != meaning for e in out.get(name, ())):
            out.setdefault(name, []).append((meaning, by, d.id))

    for r in axiom_closure(d.rules()):
        for name in r.fixes:
            give(name, r.meaning + _structure(r.defines), f"the axiom {r.name!r}")
    for r in () if here else d.rules():
        if isinstance(r, Definition):
            give(r.symbol, "definition " + _structure(sp.Eq(r.symbol, r.expr, evaluate=False)),
                 f"the definition {r.symbol} := {_text(r.expr)}")
    for st in () if here else d.steps:
        if isinstance(st, Solve):
            give(st.unknown, "solve " + _structure(st.equation),
                 f"the Solve of {_text(st.equation)}")
    for r in d.rules():
        if isinstance(r, Lemma) and r.derivation is not None:
            _meanings(r.derivation, out, seen, here=False)
    return out


def _meaning_conflict(d: Derivation) -> str | None:
    """Why ``d`` gives one name two meanings, or None: two axioms (here or under a lemma)
    that fix one name differently, or an assumption that rewrites a name an axiom fixes."""
    meanings = _meanings(d)
    for name, entries in meanings.items():
        if len(entries) > 1:
            (_, a1, d1), (_, a2, d2) = entries[:2]
            return f"{name} is given two meanings: by {a1} (in {d1}) and by {a2} (in {d2})"
    for a in d.assumptions:
        for eq in a.substitutions:
            head = eq.lhs.func if isinstance(eq.lhs, AppliedUndef) else eq.lhs
            if head in meanings:
                return (f"the assumption {a.name!r} rewrites {_text(eq.lhs)}, which "
                        f"{meanings[head][0][1]} already defines")
            # on the right, or inside a larger side, it gives the name a second value too
            # (E(U(-1, 1)^2) = v_he beside the lemma v_he = 2/((1 + a^2) n_in): 1/3 = 2/n_in);
            # an assumption naming a fresh symbol (m = g(alpha)), which nothing else speaks
            # of, constrains only that symbol (m = c and 3 m = 1 give c a second value)
            if isinstance(eq.lhs, sp.Symbol) and not any(
                    r.equation.has(eq.lhs) for r in d.rules() if isinstance(r, Lemma)) and \
                    not any(other.has(eq.lhs) for b in d.assumptions
                            for other in b.substitutions if other is not eq):
                continue
            named = eq.free_symbols | {q.func for q in eq.atoms(AppliedUndef)}
            clash = sorted((q for q in named if q in meanings), key=str)
            if clash:
                return (f"the assumption {a.name!r} says {_text(eq.lhs)} = {_text(eq.rhs)} "
                        f"of {clash[0]}, which {meanings[clash[0]][0][1]} already defines: a "
                        "second meaning")
    return _substitution_conflict(d) or _random_alias(d)


def _made_of(e: sp.Expr, whole: Iterable = (), applications: bool = False) -> set:
    """The names ``e`` is made of (symbols, IndexedBase labels): through an undefined
    function's arguments (f(c) = w with w random makes c random), not inside a moment or a
    function of derivations.axioms (inside E(...) or Var(...) a random name stands for a
    number); an application of a head in ``whole`` (a draw U(0, 1)) counts as itself, and
    so does one with no name in its arguments, or (``applications``: what a tie makes random)
    any application of an undefined function, so that its function is random wherever it is
    applied (f() = w, f(1) = w: linearity took them for constants, and E(w^2) = E(w)^2 was
    proved; f(x) with x = 1 was taken for a constant beside f(1))."""
    from .axioms.expectation import MOMENT_HEADS

    e = sp.sympify(e)
    if isinstance(e, AppliedUndef) and (e.func in whole or not e.free_symbols):
        return {e}
    if isinstance(e, AppliedUndef) and applications:  # itself too (its function is then
        # random wherever applied: expectation.is_random), and its arguments' names
        return {e} | set().union(*(_made_of(q, whole, applications) for q in e.args))
    if isinstance(e, tuple(MOMENT_HEADS)) or (isinstance(e, sp.Function) and (
            e.func.__module__ or "").startswith("derivations")):
        return set()
    if isinstance(e, sp.Symbol):
        return {e}
    if isinstance(e, sp.Indexed):
        return {e.base.label}
    return set().union(*(_made_of(q, whole, applications) for q in e.args)) if e.args else set()


_RANDOMS_OF: dict = {}  # id(d) -> (d, registries' sizes, _declared_randoms(d)): a
# derivation is frozen, and the registries of random names only grow


def _declared_randoms(d: Derivation, seen: set | None = None, tied: bool = True) -> tuple:
    """The names the expectation axioms of ``d`` and, transitively, of its lemmas' sources
    declare random, and (``tied``) the names equated with them."""
    if seen is None and tied:
        from .axioms.expectation import MOMENT_HEADS, RANDOM_HEADS, RANDOM_NAMES
        sizes = (len(RANDOM_HEADS), len(RANDOM_NAMES), len(MOMENT_HEADS))
        held = _RANDOMS_OF.get(id(d))
        if held is None or held[0] is not d or held[1] != sizes:
            held = _RANDOMS_OF[id(d)] = (d, sizes, _declared_randoms(d, set(), tied))
        return held[2]
    seen = set() if seen is None else seen
    if id(d) in seen:
        return ()
    seen.add(id(d))
    out = [r for a in axiom_closure(d.rules()) for r in a.randoms]
    for lemma in d.rules():
        if isinstance(lemma, Lemma) and lemma.derivation is not None:
            out.extend(_declared_randoms(lemma.derivation, seen, tied))
    out.extend(_hypothesized_randoms(d, tuple(out)))
    return _tied_randoms(d, tuple(out)) if tied else tuple(out)


def _hypothesized_randoms(d: Derivation, randoms: tuple) -> list:
    """The names of each moment that ``d``'s hypotheses (assumptions, predicates,
    definitions) state of what holds nothing random (``randoms``, the registries): random
    for every rule, as the hypothesis takes them.  A constant's moments are itself, so
    E(s) = 0 and E(s^2) = 1 of a name no axiom declared random let linearity prove
    E(s^2) - E(s)^2 = 0, and 0 = 1.  Not a law's parameters, nor a binder's own variable."""
    from .axioms.expectation import MOMENT_HEADS, is_random

    said = [*(eq for a in d.assumptions for eq in a.substitutions), *d.all_predicates(),
            *(r.expr for r in d.rules() if isinstance(r, Definition))]
    out: list = []
    token = _RANDOMS.set(())  # what is random here, whatever derivation is being proved
    try:
        for h in said:
            for m in sp.sympify(h).atoms(*MOMENT_HEADS) if MOMENT_HEADS else ():
                if any(is_random(q, (*randoms, *out)) for q in m.args):
                    continue
                for arg in m.args:  # a limit or an index counts (E(int_0^s 1 dt) = 0
                    # states E(s) = 0): randomness there is refused, never missed
                    bound = {lim[0] for b in arg.atoms(*_BINDERS) for lim in b.limits}
                    out += sorted({q for q in _made_of(arg) if not q.is_number} - bound
                                  - set(out), key=sp.default_sort_key)
    finally:
        _RANDOMS.reset(token)
    return out


def _ties(d: Derivation) -> list:
    """The equations by which ``d`` and, transitively, the sources of its lemmas equate
    names: assumptions' substitutions, definitions, Solves (u = w/2) and what axioms make a
    name for (mu := the mean of x).  A source where w is constant proved w = s with s := w;
    where w is random, linearity took s for a constant, and E(w^2) - E(w)^2 = 0 was proved."""
    out: list = []
    for src in _lemma_sources(d):
        rules = src.rules()
        out += [*(eq for a in src.assumptions for eq in a.substitutions),
                *(sp.Eq(r.symbol, r.expr, evaluate=False) for r in rules
                  if isinstance(r, Definition)),
                *(sp.Eq(st.unknown, st.value, evaluate=False) for st in src.steps
                  if isinstance(st, Solve)),
                *(eq for r in axiom_closure(rules) for eq in r.defines)]
    return out


def _tied_randoms(d: Derivation, randoms: tuple) -> tuple:
    """``randoms`` and every name that ``d``'s assumptions, definitions or axioms' meanings
    equate with something random, to a fixpoint: randomness follows equality (c = U(0, 1),
    c = 2 D, g = x make c and g random for every rule, not constants that alias a draw)."""
    from .axioms.expectation import is_random  # the registry of random names

    ties = _ties(d)
    out = list(randoms)
    token = _RANDOMS.set(())  # what is random here, whatever derivation is being proved
    try:
        changed = True
        while changed:
            changed = False
            for eq in ties:
                for one, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
                    if not is_random(other, out) or is_random(one, out):
                        continue
                    new = [q for q in _made_of(one, applications=True)
                           if not q.is_number and q not in out]  # a bound name never is
                    if new:
                        out.extend(new)
                        changed = True
    finally:
        _RANDOMS.reset(token)
    return tuple(out)


_RANDOMS: contextvars.ContextVar = contextvars.ContextVar("derivation_randoms", default=())
_FACTS: contextvars.ContextVar = contextvars.ContextVar("derivation_predicates", default=())


def derivation_predicates() -> tuple:
    """The predicates of the derivation being proved (its own and its assumptions'): a rule
    that trusts a condition it lists may search them for a point that refutes it."""
    return _FACTS.get()


def derivation_randoms() -> tuple:
    """The names the derivation being proved declares random: those of every expectation
    axiom it uses, here or in a lemma's source.  Every rule that asks what is random asks
    this too, so no axiom can take for a constant what another of the derivation's axioms
    takes for random (E(w z) = E(w) E(z) from linearity over w and over z)."""
    return _RANDOMS.get()


def _random_in(d: Derivation, q: sp.Basic) -> bool:
    """Whether ``q`` is random in ``d``: as its expectation axioms (here and in its lemmas'
    sources) and the laws see it, whatever derivation is being proved."""
    from .axioms.expectation import is_random  # the registry of random names

    token = _RANDOMS.set(tuple(dict.fromkeys(_declared_randoms(d))))
    try:
        return is_random(q, ())
    finally:
        _RANDOMS.reset(token)


def _lemma_sources(d: Derivation, out: dict | None = None) -> list:
    """``d`` and, transitively, the source derivations of its lemmas, ``d`` first."""
    out = {} if out is None else out
    if id(d) not in out:
        out[id(d)] = d
        for r in d.rules():
            if isinstance(r, Lemma) and r.derivation is not None:
                _lemma_sources(r.derivation, out)
    return list(out.values())


def _chance_in(e: sp.Expr, declared: tuple = ()) -> str | None:
    """Why ``e`` lets chance into what is fixed, or None: a law with a random parameter, an
    entry with a random index, a sum with a random limit, a random value for a variable
    bound around a moment.  Held against what an author writes (:func:`_random_alias`)
    and what a rule writes (:func:`_check_rule_output`: sifting sum_k delta(k, D_1 + 1) D_k
    by a dropout mask D put D_(D_1 + 1) in, which the mask's law read as a draw
    independent of D_1)."""
    from .axioms.expectation import MOMENT_HEADS, RANDOM_HEADS, is_random  # the registries

    for node in sp.preorder_traversal(e):
        if isinstance(node, AppliedUndef) and node.func in RANDOM_HEADS and any(
                is_random(q, declared) for q in node.args):
            return (f"the random variable {_text(node)} has a random parameter: a law's "
                    "parameters are constants")
        if isinstance(node, sp.Indexed) and any(is_random(q, declared) for q in node.indices):
            return (f"the entry {_text(node)} has a random index: which entry it is may "
                    "not depend on chance")
        if isinstance(node, sp.Sum | sp.Product) and any(
                is_random(q, declared) for lim in node.limits for q in lim[1:]):
            return (f"the sum {_text(node)} has a random limit: the finite-sum axioms "
                    "speak of sums of fixed length")
        # a variable bound around a moment is a constant to the moment rules (E(c Z) =
        # c E(Z)), while SymPy puts a point inside the moment (E(Z Z)): no random value
        # for it (outside moments a random point is a plain random value: f'(h) at h = W x)
        points = node.point if isinstance(node, sp.Subs) else node.args[2:3] if isinstance(
            node, sp.Limit) else [q for lim in node.limits for q in lim[1:]] if isinstance(
            node, sp.Integral) else ()
        if points and node.has(*MOMENT_HEADS) and any(is_random(q, declared) for q in points):
            kind = {sp.Subs: "Subs", sp.Limit: "limit", sp.Integral: "integral"}[type(node)]
            return (f"the {kind} {_text(node)} gives the variable it binds a random value "
                    "around a moment: the moment rules take that variable for a constant "
                    "(E(c Z) = c E(Z)), while SymPy puts the value inside the moment "
                    "(E(Z Z))")
    return None


def _random_alias(d: Derivation) -> str | None:
    """Why ``d`` lets chance into what is fixed, or None: a law with a random parameter, an
    entry with a random index, a sum with a random limit, or an assumption that gives a
    random name a law interprets another value (D = 5).  A name equated with something
    random is random itself (:func:`_tied_randoms`)."""
    axioms = [r for r in axiom_closure(d.rules()) if r.randoms]
    from .axioms.expectation import RANDOM_NAMES, is_random  # the registries

    declared = tuple(r for a in axioms for r in a.randoms)
    for a in axiom_closure(d.rules()):
        for q in a.names:
            if is_random(q, declared):
                return (f"{q}, a parameter the axiom {a.name!r} brings in, is random here: a "
                        "law's parameters are constants")
    for e in d._everything_written():
        why = _chance_in(e, declared)
        if why:
            return why
    # what an assumption says, and what an axiom makes a name for (s := w), ties names
    equations = [(f"the assumption {a.name!r}", eq) for a in d.assumptions
                 for eq in a.substitutions]
    equations += [(f"the axiom {r.name!r}", eq) for r in axiom_closure(d.rules())
                  for eq in r.defines]
    for by, eq in equations:
        for one, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
            name = one.base.label if isinstance(one, sp.Indexed) else one
            if name in RANDOM_NAMES or getattr(one, "base", None) in RANDOM_NAMES:
                return (f"{by} equates {_text(one)}, which a law gives its meaning, with "
                        f"{_text(other)}")
    return None


def _substitution_conflict(d: Derivation) -> str | None:
    """Why the equations the assumptions of ``d`` substitute contradict each other, its
    predicates or its independence axioms, or None (as far as rewriting shows: under
    contradictory hypotheses every statement follows).  Each assumption is applied to each
    equation (u = 1 turns u^2 = 4 into 1 = 4); a name an assumption equates to a value is
    replaced by it in the predicates (u = 1 against u > 2); and two names an assumption
    ties (x = w^2) may not be in two groups an axiom takes for independent."""
    eqs = [(a, eq) for a in d.assumptions for eq in a.substitutions]
    # a Solve's unknown that an assumption names (T = u) is free only if T is: an equation
    # that the rules turn into one in u fixes it before the Solve does (E((w + 1)^2) = 2
    # beside E(w) = 0 and E(w^2) = u says u = 1), and so does a naming of what they fix
    # (3 s = u beside s = 1/3, or 3 Var(U(-1, 1)) = u beside its law's 1/3)
    named = {st.unknown for st in d.steps if isinstance(st, Solve)} & {
        eq.rhs for _, eq in eqs}

    def pinned(a, eq, lhs, rhs, by) -> str | None:
        gap = sp.expand(lhs - rhs)
        if gap == 0 or not gap.has(*named):
            return None
        # a moment the gap holds with a constant slope takes up any value of u: the
        # equation says what that moment is (E(w_i w_j) = u delta(i, j)), not what u is
        table = {q: sp.Dummy() for q in gap.atoms(sp.Function) if q.func in MOMENT_HEADS}
        written = gap.xreplace(table)
        if any((slope := written.diff(q)).is_number and slope != 0 for q in table.values()):
            return None
        u = next(q for q in sorted(named, key=str) if gap.has(q))
        if eq.rhs in named:
            return (f"the assumption {a.name!r} names {_text(eq.lhs)} {eq.rhs}, and the {by} "
                    f"turn {_text(eq.lhs)} into {_text(lhs)}: no moment a Solve may choose, "
                    f"so it may not choose {eq.rhs}")
        return (f"the assumption {a.name!r} says {_text(eq.lhs)} = {_text(eq.rhs)}, which "
                f"the {by} turn into {_text(lhs)} = {_text(rhs)}: it fixes {u}, which a "
                "Solve may then not choose")

    from .axioms.expectation import MOMENT_HEADS  # a law speaks of moments

    def spelled(e) -> sp.Expr:
        """``e`` with every moment's argument expanded: one moment, one spelling (the naming
        E(w^2) = u beside E((w + 1)^2 - 2 w - 1) = 5, which algebra joins, went unseen)."""
        return sp.sympify(e).replace(lambda q: isinstance(q, sp.Function)
                                     and q.func in MOMENT_HEADS,
                                     lambda q: q.func(*map(sp.expand, q.args)))

    for a, eq in eqs:  # the others applied in turn, to a fixpoint: p = q and q = 1 make
        # p + q = 1 say 2 = 1 (one at a time, neither did)
        lhs, rhs = spelled(eq.lhs), spelled(eq.rhs)
        for _ in range(len(d.assumptions)):
            before = (lhs, rhs)
            for b in d.assumptions:
                present = _parts(lhs) | _parts(rhs)
                if not any(_parts(q.lhs) - set(b.variables) <= present
                           for q in b.substitutions):
                    continue  # nothing of b's left sides occurs: b cannot rewrite it
                lhs, rhs = spelled(b.apply(lhs)), spelled(b.apply(rhs))
                gap = sp.expand(lhs - rhs)
                if gap.is_number and gap != 0:
                    return (f"the assumption {a.name!r} says {_text(eq.lhs)} = "
                            f"{_text(eq.rhs)}, which the assumptions (last {b.name!r}) turn "
                            f"into {_text(lhs)} = {_text(rhs)}: contradictory assumptions")
            if (lhs, rhs) == before:
                break
    lemmas = [r for r in d.rules() if isinstance(r, Lemma)]
    for a, eq in eqs if named else ():  # the other assumptions and the lemmas, to a
        lhs, rhs = spelled(eq.lhs), spelled(eq.rhs)  # fixpoint (s + 2 = 3 beside s = u says u = 1)
        for _ in range(len(eqs) + len(lemmas)):
            before = (lhs, rhs)
            for b in (*(b for b in d.assumptions if b is not a), *lemmas):
                try:
                    lhs, rhs = spelled(b.apply(lhs)), spelled(b.apply(rhs))
                except (ValueError, TypeError, AttributeError, NotImplementedError):
                    continue
            why = pinned(a, eq, lhs, rhs, "other assumptions and lemmas")
            if why:
                return why
            if (lhs, rhs) == before:
                break
    moments = tuple(MOMENT_HEADS)
    sources = _lemma_sources(d)  # a law a lemma's source used still holds where it is used
    laws = list(dict.fromkeys(r for src in sources for r in axiom_closure(src.rules())))
    facts = d.all_predicates()
    for a, eq in eqs:  # an assumption about a moment may not contradict the laws' value of
        if not eq.has(*moments):  # it, the laws and the other assumptions applied in turn
            continue  # to a fixpoint (E(2 D) = 3: linearity, then the mask's law, 2 - 2p)
        rules = [*laws, *(Assumption(b.name, b.statement, substitutions=(other,),
                                     variables=b.variables)
                          for b, other in eqs if other is not eq)]
        lhs, rhs = spelled(eq.lhs), spelled(eq.rhs)
        if eq.rhs in named:  # a named variance as the laws speak of it, E(X^2) - E(X)^2
            # (Var(D) = u for the dropout mask D says u = p (1 - p); no law rewrites Var)
            from .axioms.expectation import E
            lhs = spelled(lhs.replace(lambda q: isinstance(q, sp.Function)
                                      and str(q.func) == "Var" and len(q.args) == 1,
                                      lambda q: E(q.args[0] ** 2) - E(q.args[0]) ** 2))
        for _ in range(len(rules) + 1):
            before = (lhs, rhs)
            for r in rules:
                try:
                    new = spelled(r.apply(lhs)), spelled(r.apply(rhs))
                    if new == (lhs, rhs):
                        continue
                    lhs, rhs = new
                    gap = sp.expand(evaluate(alpha_normal(lhs - rhs)))
                except (ValueError, TypeError, AttributeError, NotImplementedError):
                    continue
                if (gap.is_number and gap.is_finite and gap != 0) or (
                        not gap.has(*moments) and _shown("nonzero", gap, facts)):
                    return (f"the assumption {a.name!r} says {_text(eq.lhs)} = "
                            f"{_text(eq.rhs)}, which the {r.kind} {r.name!r} turns into "
                            f"{_text(lhs)} = {_text(rhs)} (after the rules before it): "
                            "contradictory hypotheses")
                why = pinned(a, eq, lhs, rhs, "laws and the other assumptions")
                if why:
                    return why
            if (lhs, rhs) == before:
                break
    values = {eq.lhs: eq.rhs for _, eq in eqs if isinstance(eq.lhs, sp.Symbol)}
    for _, eq in eqs:  # x + 1 = 0 gives x the value -1 as x = -1 does
        for name, value in _linear_values(eq).items():
            values.setdefault(name, value)
    preds = d.all_predicates()
    if values and preds:  # and then each name a lemma's source gives a value (m = v beside
        # m > 1, with v = 1/n from a source's Solve: m = 1/n was proved beside m > 1)
        valued = d._unfolded(tuple(p.xreplace(values) for p in preds))[0]
        for p, q in zip(preds, valued, strict=True):
            if q != p and not q.free_symbols and _ask(q) is False:
                return (f"the predicate {_text(p)} is false where the assumptions give its "
                        f"names their values ({_text(q)})")
        if valued != preds:
            why = _inconsistency(valued)
            if why:
                return f"where the assumptions give names their values, {why}"
    # independence is a hypothesis about the joint law: a lemma's source took its groups for
    # independent, and they stay so wherever the lemma is used
    groups = [(r, g) for src in sources for r in axiom_closure(src.rules())
              for g in r.independent]
    if not groups:
        return None
    tied = _UnionFind()
    # what ties two names: an assumption, a lemma's equation or a definition (z = w^2), here
    # or in a lemma's source
    ties = [eq for src in sources for eq in (
        *_ties(src), *(r.equation for r in src.rules() if isinstance(r, Lemma)))]
    from .axioms.expectation import RANDOM_HEADS, RANDOM_NAMES  # a draw ties what equals it

    # every random name is tied through (z = c, c = w ties z to w), not only the groups';
    # a constant (n, an index, a law's parameter) ties nothing
    randoms = {q for _, g in groups for q in g} | set(_declared_randoms(d)) | {
        q.label if isinstance(q, sp.IndexedBase) else q for q in RANDOM_NAMES}
    for src in sources:
        randoms |= set(_tied_randoms(src, tuple(randoms)))
    found: set = set()
    for eq in ties:
        # a draw is tied whole: its parameters are constants, which tie nothing
        names = sorted((q for q in _made_of(eq.lhs, RANDOM_HEADS) | _made_of(eq.rhs, RANDOM_HEADS)
                        if q in randoms or isinstance(q, AppliedUndef)), key=sp.default_sort_key)
        found.update(q for q in names if isinstance(q, AppliedUndef))
        for q in names[1:]:
            tied.union(names[0], q)
    # two draws of one law are one random variable unless their parameters are shown to
    # differ: U(0, b) is U(0, 1) where b = 1, and U(0, 1 * 1) is U(0, 1)
    facts = d.all_predicates()
    found = sorted(found, key=sp.default_sort_key)
    for k, p in enumerate(found):
        for q in found[k + 1:]:
            if p.func == q.func and len(p.args) == len(q.args) and not any(
                    _shown("nonzero", sp.expand(a - b), facts, asking=False)
                    for a, b in zip(p.args, q.args, strict=True)):
                tied.union(p, q)
    for r in dict.fromkeys(r for r, _ in groups):
        for k, g in enumerate(r.independent):
            for h in r.independent[k + 1:]:
                for p in g:
                    for q in h:
                        if p in tied.parent and q in tied.parent and tied.find(p) == tied.find(q):
                            return (f"the assumptions, lemmas or definitions tie {p} to "
                                    f"{q}, which the axiom {r.name!r} takes for independent")
    return None


def _function_assumptions(f) -> list[str]:
    """What a function class is trusted to be: the assumptions an undefined function was
    declared with (``Function("ReLU", real=True)``), or the ``trusted_assumption`` a class
    of this project states for its own assumption methods (``E``).  A class that brings
    ``_eval_is_*`` methods without stating them is a kernel error."""
    if isinstance(f, sp.core.function.UndefinedFunction):
        implied = {"commutative", "complex", "extended_real", "hermitian", "imaginary",
                   "infinite"}  # SymPy derives these from real=True; finite is kept
        declared = {k: v for k, v in getattr(f, "_kwargs", {}).items()
                    if v is not None and k not in implied}
        return [f"{f}: " + ", ".join(f"{k}={v}" for k, v in sorted(declared.items()))] \
            if declared else []
    own = [name for name in vars(f) if name.startswith("_eval_is_")]
    if getattr(f, "__module__", "").startswith("sympy") or not own:
        return []
    text = getattr(f, "trusted_assumption", None)
    if not text:
        raise KernelBug(f"the function class {f} brings its own assumptions ({', '.join(own)}) "
                        "without stating them in trusted_assumption")
    return [f"{f}: {text}"]


def _check_lemma(lemma: Lemma, here: Derivation) -> str | None:
    """Why ``here`` may not use ``lemma``, or None."""
    src = lemma.derivation
    if src is None and lemma.source in {c.id for c in here.claims}:
        return None  # a claim of this derivation: checked where it is used (Derivation.prove)
    if src is None:
        return (f"lemma {lemma.name!r} has no source derivation: a lemma is made only by "
                "Derivation.lemma(claim_id)")
    if src is here:
        return f"lemma {lemma.name!r} is a claim of this derivation itself (circular)"
    proof = proof_of(src)
    if lemma.source not in proof.established:
        return f"lemma {lemma.name!r}: {src.id} does not establish {lemma.source}"
    if proof.error is not None:  # what a refused derivation made (a definition its refused
        # step listed) may have proved its earlier claims: f(c) = f(-1) with c := -1 for a
        # positive c
        return (f"lemma {lemma.name!r}: {src.id} is refused ({proof.error}), and a lemma "
                "comes only from a proved derivation")
    claim = src.claim(lemma.source)
    mapping = dict(lemma.mapping)
    fixed = _fixed_symbols(src)
    for v in lemma.variables:
        if not isinstance(v, sp.Symbol) or v in fixed or v in mapping or \
                v not in claim.equation.free_symbols:
            return (f"lemma {lemma.name!r} is used for every {v}, but {src.id} does not "
                    f"quantify over {v}")
    free = claim.equation.free_symbols
    bound = bound_variables(claim.lhs) | bound_variables(claim.rhs)
    for k, v in mapping.items():
        if not isinstance(k, sp.Symbol) or k not in free:
            return (f"lemma {lemma.name!r} instantiates {_text(k)}, which is not a free "
                    f"symbol of {lemma.source}: only its quantified symbols take values")
        if k in bound:
            return (f"lemma {lemma.name!r} instantiates {k}, which a binder of "
                    f"{lemma.source} (a derivative's or limit's variable) also binds")
        captured = sp.sympify(v).free_symbols & bound
        if captured:
            return (f"lemma {lemma.name!r} gives {k} the value {_text(v)}, whose "
                    f"{', '.join(sorted(map(str, captured)))} a binder of {lemma.source} "
                    "would capture")
        if k in fixed:
            return (f"lemma {lemma.name!r} instantiates {k}, which {src.id} fixes (by an "
                    "assumption, predicate, definition, axiom or Solve); only quantified symbols "
                    "may be instantiated")
        from .axioms.expectation import is_random  # the registry of random names

        if is_random(k, _declared_randoms(src)):
            # the dropout mask D of E(D) = 1 - p put at 0 gave E(0) = 1 - p
            return (f"lemma {lemma.name!r} instantiates {k}, which {src.id} takes for random: "
                    "a random name stands for its law and its independence, and takes no "
                    "other value")
        if is_random(v, _declared_randoms(src) + _declared_randoms(here)):
            return (f"lemma {lemma.name!r} gives {k} the random value {_text(v)}: "
                    f"{src.id} proved its claim for {k} a constant (or a random name with the "
                    "laws and independence it stated), not for every random variable")
        # a value in a variable the lemma is then used for every value of meets k's keys
        # by its declaration alone (k -> c checked where c > 0, then for all c, matched a
        # negative d)
        facts = tuple(p for p in here.all_predicates()
                      if not sp.sympify(p).free_symbols & set(lemma.variables))
        key = unmet_assumption(k, v, facts)
        if key is not None:
            return (f"lemma {lemma.name!r} instantiates {k} ({key}) with "
                    f"{_text(v)}, not shown {key}")
    # a claim is proved among its source's random names: where more of its names are random
    # (c, constant there, random here) it holds only if its source proves it with them random
    from .axioms.expectation import is_random  # the registry of random names

    # (an application too: f(1) tied to a random w here makes f(x) random, a constant there)
    written = set().union(*(e.free_symbols | e.atoms(AppliedUndef)
                            for e in src._everything_written()))
    extra = tuple(sorted((q for q in written if isinstance(q, sp.Symbol | AppliedUndef)
                          and is_random(q, ()) and not _random_in(src, q)), key=str))
    if extra and lemma.source not in proof_of(src, extra).established:
        names = ", ".join(map(str, extra))
        return (f"lemma {lemma.name!r}: {src.id} proved {lemma.source} with {names} constant, "
                f"but {names} is random here, and with {names} random it does not prove "
                f"({proof_of(src, extra).error})")
    defined = {st.unknown for st in src.steps if isinstance(st, Solve)} | {
        r.symbol for st in src.steps for r in st.using if isinstance(r, Definition)} | set(
        _meanings(src))
    named = {f for f in defined if claim.lhs.has(f) or claim.rhs.has(f)}
    if named and (mapping or lemma.variables):
        return (f"lemma {lemma.name!r} instantiates a claim about "
                f"{', '.join(sorted(map(str, named)))}, which {src.id} defines from the other "
                "symbols (by a Solve, a definition or an axiom): such a claim is used as "
                "proved, "
                "never instantiated")
    expected = (claim.lhs.xreplace(mapping), claim.rhs.xreplace(mapping))
    if (lemma.equation.lhs, lemma.equation.rhs) != expected:
        return (f"lemma {lemma.name!r} states {_text(lemma.equation)}, but {lemma.source} "
                f"under {_text(mapping)} is {_text(expected[0])} = {_text(expected[1])}")
    listed = here.assumptions
    for a in lemma.assumptions:
        if a not in listed:
            return (f"lemma {lemma.name!r} needs the hypothesis {a.name!r} of {src.id}: list it "
                    "in this derivation's assumptions")
    facts = here.all_predicates()
    for p in lemma.predicates:
        if p not in facts and _ask(p, facts) is not True:
            return (f"lemma {lemma.name!r} needs the predicate {_text(p)} of {src.id}: list "
                    "it among this derivation's predicates")
    return None


def _bounds_named_variance(named: sp.Expr, u: sp.Symbol, own: frozenset,
                           assumptions) -> str | None:
    """Why the hypotheses may bound the variance ``named`` (Var(w), named ``u``), if they may.

    A Solve may choose Var(w) only where every nonnegative value has a model: w_i i.i.d.
    N(m, u) is one where the other assumptions speak of its names ``own`` only as the mean
    of w, E(w_i) = c, and as the second moments of i.i.d. entries, E(w_i w_j) = Var(w)
    delta_ij, and w is declared no more than real.  Anything else may bound it: w^2 = 1
    gives Var(w) <= 1, Var(w) + E(w^2) = 7 gives Var(w) <= 7/2, z = 2 y beside Var(y) = 1
    gives Var(z) = 4, a nonnegative w with E(w) = 0 gives Var(w) = 0."""
    from .axioms.expectation import MOMENT_HEADS, E, is_random

    real = sp.Symbol("t", real=True).assumptions0
    for q in sorted(own, key=str):
        extra = sorted(k for k, v in q.assumptions0.items() if real.get(k) != v)
        if extra:
            return (f"the symbol {u} names {_text(named)}, and {q} is declared "
                    f"{', '.join(f'{k}={q.assumptions0[k]}' for k in extra)}: a declaration "
                    "beyond real may bound its variance (a nonnegative w with mean 0 has "
                    "variance 0), and a Solve chooses only a variance nothing bounds")

    def entry(x) -> bool:
        return x in own or (isinstance(x, sp.Indexed) and x.base.label in own)

    def said(eq: sp.Equality) -> bool:
        lhs, rhs = eq.lhs, eq.rhs
        if isinstance(lhs, E) and entry(lhs.args[0]):  # the mean: E(w_i) = c
            return not (rhs.free_symbols & own or rhs.has(*MOMENT_HEADS)
                        or is_random(rhs, ()))
        if isinstance(lhs, E) and isinstance(lhs.args[0], sp.Mul):  # E(w_i w_j) = Var(w) d_ij
            pair = lhs.args[0].args
            entries = len(pair) == 2 and pair[0].base == pair[1].base and all(
                isinstance(x, sp.Indexed) and len(x.indices) == 1 and x.base.label in own
                for x in pair)  # (2 Var(w) delta_ij: for i != j, Cov = -Var(w) is too low)
            return entries and named == named.func(pair[0].base.label) and rhs == \
                named * sp.KroneckerDelta(pair[0].indices[0], pair[1].indices[0])
        return False

    for q in assumptions:
        for eq in q.substitutions:
            if eq.rhs == u or not eq.free_symbols & own or said(eq):
                continue
            return (f"the symbol {u} names {_text(named)}, and the assumption {q.name!r} says "
                    f"{_text(eq)}, which speaks of its names other than as their mean "
                    "(E(w_i) = c) or as the second moments of i.i.d. entries (E(w_i w_j) = "
                    "Var(w) delta_ij): it may bound the variance, and a Solve chooses only a "
                    "variance nothing bounds")
    return None


@_final
@dataclass(frozen=True)
class Derivation:
    """An ordered list of steps with its assumptions and claims.

    All rules are derivation-wide: an assumption a step uses must be listed in
    ``assumptions``, and what any step proves holds for the whole derivation.
    """

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

    def __post_init__(self):
        # frozen all the way down: a list handed in could change after a proof is cached
        for name in ("steps", "claims", "assumptions", "slides", "references", "predicates"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        try:  # and below: a Solve's using given as a list changed after the proof was cached
            hash(self)  # (a lemma's source became another derivation than the one proved)
        except TypeError as unhashable:
            raise TypeError(f"{self.id}: a step, rule or claim holds a value that can change "
                            f"after the proof is made ({unhashable}); give tuples") from None
        ids = [c.id for c in self.claims]
        twice = sorted({q for q in ids if ids.count(q) > 1})
        if twice:  # a claim is established, and used as a lemma, by its id
            raise ValueError(f"claims: the id {twice[0]!r} is given to two claims of "
                             f"{self.id}; a claim is established and used as a lemma by its "
                             "id, so each needs its own")

    def all_predicates(self) -> tuple:
        """Every predicate, its conjunctions taken apart (c >= n + 1 and c < n + 1 given as one
        And is two facts, checked against each other like any two)."""
        preds = list(self.predicates)
        for a in self.assumptions:
            preds.extend(a.predicates)
        return tuple(q for p in preds for q in sp.And.make_args(p))

    def rules(self) -> list[Rule]:
        """Every axiom, lemma, definition and assumption the steps use, first use first."""
        seen: list = []
        for a in self.assumptions:
            if a not in seen:
                seen.append(a)
        for s in self.steps:
            for r in s.using:
                if r not in seen:
                    seen.append(r)
        return seen

    def symbols(self) -> set:
        out: set = set()
        for s in self.steps:
            for e in s.exprs:
                out |= sp.sympify(e).free_symbols
            if isinstance(s, Solve):
                out |= s.equation.free_symbols
        return {q for q in out if isinstance(q, sp.Symbol)}

    def trusted(self) -> tuple[Trusted, ...]:
        """Everything this derivation's proof trusts: axioms, definitions, assumptions,
        predicates and symbol assumptions, transitively through the lemmas it uses.
        """
        out: list[Trusted] = []

        def add(item: Trusted) -> None:
            if item not in out:
                out.append(item)

        def axiom(r: Axiom) -> None:
            add(Trusted("axiom", r.name, r.statement, r.reference))
            for q in r.rests_on:
                axiom(q)

        for r in self.rules():
            if isinstance(r, Axiom):
                axiom(r)
            elif isinstance(r, Definition):
                add(Trusted("definition", str(r.symbol),
                            f"{r.symbol} := {_text(r.expr)}" + (f" ({r.statement})"
                                                                  if r.statement else "")))
            elif isinstance(r, Assumption):
                add(Trusted("assumption", r.name, r.statement))
        for pred in self.all_predicates():
            add(Trusted("predicate", _text(pred), _text(pred)))
        bound = {v for st in self.steps for e in st.exprs
                 for b in sp.sympify(e).atoms(*_BINDERS) for v in b.variables}
        for sym in sorted(self.symbols() | bound, key=str):  # a bound index's too
            facts = {k: v for k, v in getattr(sym, "_assumptions_orig", {}).items()
                     if v is not None}
            if facts:
                text = ", ".join(f"{k}={v}" for k, v in sorted(facts.items()))
                add(Trusted("symbol assumption", str(sym), f"{sym}: {text}"))
        for f in sorted(self.functions(), key=str):
            for text in _function_assumptions(f):
                add(Trusted("symbol assumption", str(f), text))
        for r in self.rules():
            if isinstance(r, Lemma) and r.derivation is not None:
                for item in r.derivation.trusted():
                    add(item)
        return tuple(out)

    def functions(self) -> set:
        """The function classes the steps apply (ReLU, E, a recurrence's x)."""
        out: set = set()
        for s in self.steps:
            for e in (*s.exprs, *(s.equation.args if isinstance(s, Solve) else ())):
                out |= {q.func for q in sp.sympify(e).atoms(sp.Function)}
        return out

    def fingerprint(self) -> str:
        """A content hash of everything the proof depends on (for caching proofs).

        Expressions enter by ``srepr``, so symbol assumptions count; rules by
        kind, name, statement, equations and the source of every Python
        function they run (:func:`rule_source_key`); a lemma by its source
        derivation's fingerprint.
        """
        h = hashlib.sha256(sp.__version__.encode())

        def put(*parts):
            for part in parts:
                h.update(_structure(part).encode() if isinstance(part, sp.Basic | tuple)
                         else repr(part).encode())
                h.update(b"\x00")

        put(self.id, self.all_predicates())
        for a in self.assumptions:  # a schema's variables too: quantified or not
            put(a.name, a.substitutions, a.variables, rule_source_key(a))
        for s in self.steps:
            put(type(s).__name__, s.because, s.exprs)
            if isinstance(s, Solve):
                put(s.equation)
            for r in s.using:
                put(r.kind, r.name, r.statement, tuple(getattr(r, "substitutions", ())),
                    tuple(getattr(r, "variables", ())), rule_source_key(r))
                if isinstance(r, Axiom):
                    put(r.fixes, r.meaning, r.requires,
                        tuple((q.name, q.statement) for q in r.rests_on))
                equation = r.rule if isinstance(r, Axiom) else getattr(r, "equation", None)
                if isinstance(equation, sp.Basic):
                    put(equation)
                if isinstance(r, Definition):
                    put(r.symbol, r.expr)
                if isinstance(r, Lemma):
                    put(r.mapping, r.derivation.fingerprint() if r.derivation else "")
        for c in self.claims:
            put(c.id, c.lhs, c.rhs)
        return h.hexdigest()

    # ------------------------------------------------------------ the kernel's checks

    def _refusal(self) -> tuple[int, str] | None:
        """A derivation-wide refusal: (step index, reason), or None."""
        preds = self.all_predicates()
        unfolded, why = self._unfolded(preds)
        why = why or _inconsistency(unfolded)
        if why:
            return 1, why
        syms = self.symbols()
        written = self._everything_written()
        hypotheses = set(preds) | {p for r in axiom_closure(self.rules()) for p in r.requires}
        for e in written:
            for s in e.atoms(sp.Symbol):
                if s.name.startswith((RESERVED, TEMPORARY)):
                    return 1, f"the symbol {s} uses the kernel's reserved prefix {RESERVED!r}"
                why = declaration_refusal(s)
                if why:
                    return 1, why
            for head in sorted({a.func for a in e.atoms(AppliedUndef)}, key=str):
                why = function_declaration_refusal(head)
                if why:
                    return 1, why
            for family in e.atoms(sp.IndexedBase):  # SymPy reads an entry's class from the
                # family, the kernel from the label, where the declaration is checked
                if family.assumptions0 != family.label.assumptions0:
                    return 1, (f"the family {family} is declared with keys its label "
                               f"{family.label} does not have: SymPy reads its entries by "
                               "the family's and the kernel by the label's; declare them "
                               f"on the label (IndexedBase('{family.label}', ...) puts "
                               "them there)")
            if e.has(sp.Float):
                return 1, (f"the expression {_text(e)} holds a floating-point number: SymPy "
                           "rounds a difference with one to its precision, and equality up "
                           "to rounding is not transitive; write exact numbers")
            why = _foreign_node(e, predicate=e in hypotheses)
            if why:
                return 1, why
        why = _homonym(written)
        if why:
            return 1, why
        other_bound = set().union(*(_other_bound(e) for e in written)) if written else set()
        for p in preds:
            if p.free_symbols & other_bound:
                return 1, (f"the predicate {_text(p)} speaks of "
                           f"{', '.join(sorted(map(str, p.free_symbols & other_bound)))}, "
                           "which a Subs or a Limit binds: predicates refine free symbols only")
        for r in self.rules():
            if isinstance(r, Definition) and r.symbol in other_bound:
                return 1, (f"the definition of {r.symbol} would rewrite the variable a Subs or "
                           "a Limit binds")
        for st in self.steps:
            if isinstance(st, Solve) and st.unknown in other_bound:
                return 1, (f"the Solve for {st.unknown} would fix the variable a Subs or a "
                           "Limit binds")
        why = self._derivative_refusal()
        if why:
            return 1, why
        free_anywhere = set(syms)
        for r in self.rules():
            for q in (*getattr(r, "substitutions", ()),):
                free_anywhere |= q.free_symbols - set(getattr(r, "variables", ()))
        bound: set = set()
        for st in self.steps:
            for e in st.exprs:
                for b in sp.sympify(e).atoms(*_BINDERS, sp.Lambda):
                    bound |= set(b.variables)
        for p in preds:
            stray = (p.free_symbols & bound) - free_anywhere
            if stray:
                names = ", ".join(sorted(map(str, stray)))
                return 1, (f"the predicate {_text(p)} speaks of {names}, which occurs in the "
                           "steps only as a bound variable: predicates refine free symbols only")
        lhs_seen: dict = {}
        for a in self.assumptions:
            for eq in a.substitutions:
                key = alpha_normal(eq.lhs)
                if key in lhs_seen and lhs_seen[key][1] != eq.rhs:
                    other = lhs_seen[key][0]
                    return 1, (f"the assumptions {other.name!r} and {a.name!r} both rewrite "
                               f"{_text(eq.lhs)}, to {_text(lhs_seen[key][1])} and to "
                               f"{_text(eq.rhs)}: two contradictory assumptions in one "
                               "derivation")
                lhs_seen[key] = (a, eq.rhs)
        for a in self.assumptions:
            if type(a) is not Assumption:
                return 1, _not_a_kernel_rule(a)
            why = _false_schema(a)
            if why:
                return 1, why
        for r in axiom_closure(self.rules()):  # what a factory was given, held as written
            for e in (*r.defines, *r.requires, *r.fixes, *r.names):
                if not isinstance(e, sp.Basic):  # a recurrence's function: a name, no value
                    continue
                reserved = [q for q in e.atoms(sp.Symbol) if q.name.startswith(
                    (RESERVED, TEMPORARY)) and q not in r.fixes]  # its own fresh name is fine
                if reserved:
                    return 1, (f"the axiom {r.name!r} was made with {_text(e)}, which uses the "
                               f"kernel's reserved prefix {RESERVED!r}")
                why = _foreign_node(e, predicate=e in r.requires)
                if why or e.has(sp.Float):
                    return 1, (f"the axiom {r.name!r} was made with {_text(e)}: "
                               f"{why or 'a floating-point number'}")
        heads = _interpreted_heads()
        named = {q: a for src in _lemma_sources(self) for a in axiom_closure(src.rules())
                 for q in a.names}  # a law's parameters, a notation's names
        for r in axiom_closure(self.rules()):  # a fixed head or name is fresh to the rules
            for f in r.fixes:
                if f in heads and heads[f] != r.origin:
                    return 1, (f"the axiom {r.name!r} gives {f} a meaning, but {f} is a head "
                               f"the rules of {heads[f]} interpret: a recurrence or name "
                               "needs a fresh function")
                if f in named and named[f] is not r:
                    return 1, (f"the axiom {r.name!r} gives {f} a meaning, but {f} is a name "
                               f"the axiom {named[f].name!r} brings in (Axiom.names), fixed "
                               "by it alone")
        from .axioms.expectation import outside_moments  # a moment's value is a hypothesis

        for a in self.assumptions:  # nor does an assumption give one a value, anywhere in
            for eq in a.substitutions:  # what it rewrites (ReLU(h)^2 = h^2 as ReLU(h) = |h|)
                outside = outside_moments(eq.lhs)
                fixed = [eq.lhs] if eq.lhs in named else [
                    q for q in sp.preorder_traversal(outside)
                    if isinstance(q, AppliedUndef) and q.func in heads]
                if fixed:
                    q = fixed[0]
                    what = f"a name the axiom {named[q].name!r} brings in" if q in named \
                        else f"a head the rules of {heads[q.func]} interpret"
                    return 1, (f"the assumption {a.name!r} gives {_text(eq.lhs)} the value "
                               f"{_text(eq.rhs)}, but {_text(q)} is {what}: its "
                               "meaning is theirs")
        for a in self.assumptions:  # x = -1 for a positive x: |x| = x and |x| = |-1| = 1
            for eq in a.substitutions:  # (or 2 x = -2, or x + 1 = 0)
                for name, value in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs),
                                    *_linear_values(eq).items()):
                    key = _contradicted_declaration(name, value, preds)
                    if key:
                        return 1, (f"the assumption {a.name!r} gives {_text(name)} the value "
                                   f"{_text(value)}, which is shown not {key}, while "
                                   f"{_text(name)} is declared {key}: the hypotheses "
                                   "contradict each other")
        for r in axiom_closure(self.rules()):  # a name an axiom defines is a definition
            for eq in r.defines:
                fact = unmet_assumption(eq.lhs, eq.rhs, preds)
                if fact is not None:
                    return 1, (f"the axiom {r.name!r} makes {eq.lhs} a name for "
                               f"{_text(eq.rhs)}, but {eq.lhs} is declared {fact} and "
                               f"{_text(eq.rhs)} is not shown {fact}")
        why = _meaning_conflict(self)
        if why:
            return 1, why
        from .axioms.expectation import is_random  # what is random here
        for p in preds:  # c + D = 1 made c the drop indicator, and linearity took it for a
            # constant: E(c D) = c E(D) = c (1 - p), where c D = 0
            if is_random(p, ()):
                return 1, (f"the predicate {_text(p)} speaks of something random outside a "
                           "moment: predicates are facts about numbers, and one about a "
                           "random name may tie another to it unseen; tie names by an "
                           "assumption's equation (c = 1 - D), which makes them random")
        for i, s in enumerate(self.steps, start=1):
            for r in s.using:
                if type(r) not in KERNEL_RULES:
                    return i, _not_a_kernel_rule(r)
                if isinstance(r, Assumption) and r not in self.assumptions:
                    return i, (f"the step uses the assumption {r.name!r}, which is not listed in "
                               "the derivation's assumptions (rules are derivation-wide)")
                facts = self.all_predicates()
                for a in axiom_closure((r,)):
                    if not _axiom_home_ok(a.origin):
                        return i, (f"the axiom {a.name!r} is made in {a.origin}, outside "
                                   "derivations.axioms: chapters do not invent axioms")
                    for q in a.requires:
                        if q not in facts and not _requirement_shown(q, facts):
                            rests = "" if a is r else f" (which {r.name!r} rests on)"
                            return i, (f"the axiom {a.name!r}{rests} holds only under "
                                       f"{_text(q)}, which this derivation does not state: "
                                       "list it among the predicates (or the assumption that "
                                       "carries it)")
                if isinstance(r, Lemma):
                    why = _check_lemma(r, self)
                    if why:
                        return i, why
                if isinstance(r, Definition):  # fresh: two definitions of c speak of c
                    why = self._not_fresh(r.symbol, exclude=r)
                    if r.symbol in r.expr.free_symbols:
                        why = f"{r.symbol} occurs in its own definition"
                    fact = unmet_assumption(r.symbol, r.expr, self.all_predicates())
                    if fact is not None:
                        why = (f"{r.symbol} is declared {fact}, but {_text(r.expr)} is "
                               f"not shown {fact}")
                    if why:
                        return i, f"the definition of {r.symbol} is not conservative: {why}"
        return None

    def _everything_written(self) -> list:
        """Every expression the author wrote: steps, Solve equations, claims, predicates,
        assumptions, definitions and the equations of the lemmas used."""
        out: list = []
        for s in self.steps:
            out.extend(s.exprs)
            if isinstance(s, Solve):
                out.extend((s.equation, sp.sympify(s.value), s.unknown))
        for c in self.claims:
            out.extend((c.lhs, c.rhs))
        out.extend(self.all_predicates())
        for r in self.rules():
            out.extend(getattr(r, "substitutions", ()))
            if isinstance(r, Definition):
                out.extend((r.symbol, r.expr))
            if isinstance(r, Lemma):
                out.append(r.equation)
        return [sp.sympify(e) for e in out]

    def _unfolded(self, preds: tuple) -> tuple[tuple, str | None]:
        """The predicates with each name an axiom fixes, or a lemma's source defines or solves
        for, replaced by what it names (to a fixpoint), so that their consistency is checked
        against the names' meanings
        (s < 1 contradicts a > 5 when an axiom makes s a name for a); or a refusal when a
        predicate speaks of a fixed name whose axiom does not say what it names."""
        table, fixed = {}, {}
        for r in axiom_closure(self.rules()):
            table.update({eq.lhs: eq.rhs for eq in r.defines})
            fixed.update({f: r for f in r.fixes if isinstance(f, sp.Symbol)})
        # and each name a lemma's source gives a value, by a definition or a Solve: c > 6
        # here, with c = 5 from a source's Solve, proved sign(c - 6) = -1 (and 1 = -1)
        for src in _lemma_sources(self)[1:]:
            table.update({r.symbol: r.expr for r in src.rules() if isinstance(r, Definition)})
            table.update({st.unknown: st.value for st in src.steps if isinstance(st, Solve)})
        for p in preds:
            for f in sorted(p.free_symbols & (set(fixed) - set(table)), key=str):
                return preds, (f"the predicate {_text(p)} speaks of {f}, which the axiom "
                               f"{fixed[f].name!r} fixes without saying what it names: a "
                               "hypothesis about it could contradict its meaning")
        out = tuple(preds)
        for _ in range(len(table)):
            new = tuple(p.xreplace(table) for p in out)
            if new == out:
                break
            out = new
        return out, None

    def _derivative_refusal(self) -> str | None:
        """A derivative the kernel would evaluate wrongly: by a symbol a definition fixes
        (d/dc with c := 5), or of a name given in terms of the variable, by an axiom (SymPy
        takes d mu/dx_i for 0 where mu = (1/m) sum x_k), by a definition, an assumption
        c = z^2 or a Solve, here or in a lemma's source (d c/dz is not 0 where a lemma says
        c = z^2), or of a draw by a parameter of its law."""
        from .axioms.expectation import RANDOM_HEADS, outside_moments  # the draws

        defined = {r.symbol for r in self.rules() if isinstance(r, Definition)}
        depends: dict = {}  # a name an axiom defines -> the symbols of what it stands for
        def symbols_of(body) -> set:
            return body.free_symbols | {q.base.label for q in body.atoms(sp.Indexed)}

        for src in _lemma_sources(self):  # here and where a lemma was proved
            for r in src.rules():
                if isinstance(r, Definition):
                    depends[r.symbol] = symbols_of(r.expr)
                for eq in getattr(r, "substitutions", ()):  # an assumption c = z^2
                    if isinstance(eq.lhs, sp.Symbol) and not getattr(r, "variables", ()):
                        depends.setdefault(eq.lhs, set()).update(symbols_of(eq.rhs))
            for st in src.steps:  # a Solve's unknown stands for what its equation gives it
                if isinstance(st, Solve):
                    depends.setdefault(st.unknown, set()).update(
                        symbols_of(st.equation) - {st.unknown})
        functions: dict = {}  # a function an axiom gives a meaning (a recurrence) -> axiom
        for r in axiom_closure(self.rules()):  # what a name means, never how it rewrites
            meant = {eq.lhs: eq.rhs for eq in r.defines}
            for f in r.fixes:
                if isinstance(f, sp.Symbol):
                    depends[f] = symbols_of(meant[f]) if f in meant else None
        for r in (a for src in _lemma_sources(self) for a in axiom_closure(src.rules())):
            for f in r.fixes:
                if isinstance(f, sp.core.function.UndefinedFunction):
                    functions.setdefault(f, r)
        rules = list(dict.fromkeys(r for src in _lemma_sources(self) for r in (
            *src.rules(), *axiom_closure(src.rules()))))

        def valued(app) -> object:  # the first rule that gives an application a value
            for r in rules:
                try:
                    if sp.sympify(r.apply(app)) != app:
                        return r
                except Exception:  # a rule that cannot read it alone gives it none here
                    continue
            return None

        for s in self.steps:
            for e in s.exprs:
                for dv in sp.sympify(e).atoms(sp.Derivative, sp.Subs, sp.Limit):
                    # a Subs or a limit in v reads its body at other values of v, as a
                    # derivative does: SymPy's Subs(mu, x_1, 0) is mu, while mu means the mean
                    # of a family that holds x_1
                    variables, body = ((dv.args[1],), dv.args[0]) if isinstance(
                        dv, sp.Limit) else (tuple(dv.variables), dv.expr)
                    verb, advice = ("differentiates", "differentiate") if isinstance(
                        dv, sp.Derivative) else ("puts values into", "put values into") \
                        if isinstance(dv, sp.Subs) else ("takes a limit of", "take the limit of")
                    # SymPy's chain rule takes f(x_i) for a function of the entry x_i alone:
                    # d f(x_i)/dx_l = delta(i, l) d f(x_i)/dx_i, false where a rule gives
                    # f(x_i) a value in the whole family (mu(x_i) = (1/m) sum_k x_k)
                    for v in (q for q in variables if isinstance(q, sp.Indexed)):
                        for app in sorted(body.atoms(AppliedUndef), key=sp.default_sort_key):
                            kin = [q for q in app.atoms(sp.Indexed) if q.base == v.base
                                   and q != v]
                            r = valued(app) if kin else None
                            if r is not None:
                                return (f"the step {verb} {_text(app)} by "
                                        f"{_text(v)}, which SymPy reads as a function of "
                                        f"{_text(kin[0])} alone, while the {r.kind} "
                                        f"{r.name!r} gives it a value: {advice} what it "
                                        "stands for")
                    # SymPy takes x(t) for constant in c; an axiom that gives x a meaning
                    # (x_n = x_(n-1) + sin(pi c)) may make it depend on c
                    for app in sorted(body.atoms(AppliedUndef), key=sp.default_sort_key):
                        r = functions.get(app.func)
                        off = [v for v in variables if not app.has(v)]
                        if r is not None and off:
                            return (f"the step {verb} {_text(app)} by "
                                    f"{_text(off[0])}, which SymPy reads as constant in it, "
                                    f"while the {r.kind} {r.name!r} gives {app.func} a meaning "
                                    f"that may depend on it: {advice} what it stands for")
                    # a draw is no function of its law's parameters: the density rule read
                    # d/db U(0, b)^2 as d/db t^2 = 0, while U(0, b) = b U(0, 1) makes it 2b U^2
                    # (a moment of it is one: d/db E(U(0, b)^2) = 2b/3)
                    drawn = outside_moments(body).atoms(AppliedUndef)
                    for app in sorted(drawn, key=sp.default_sort_key):
                        if app.func in RANDOM_HEADS and app.has(*variables):
                            return (f"the step {verb} the draw {_text(app)} by a parameter of "
                                    "its law, which no rule reads: write the draw as a "
                                    "transform of one whose law does not vary")
                    by = set(variables) & defined
                    if by:
                        return (f"the step {verb} by {', '.join(map(str, by))}, which a "
                                "definition fixes")
                    wrt = {v.base.label if isinstance(v, sp.Indexed) else v
                           for v in variables}
                    named = [f for f in body.free_symbols & set(depends)
                             if depends[f] is None or depends[f] & wrt]
                    if named:
                        return (f"the step {verb} {', '.join(map(str, named))}, which "
                                "an axiom, a definition, an assumption or a Solve (here or in "
                                "a lemma's source) gives in terms of the variable: "
                                f"{advice} what it stands for")
        return None

    def _not_fresh(self, u: sp.Symbol, exclude=None, naming_allowed: bool = False) -> str | None:
        """Why ``u`` is fixed by a rule or predicate of this derivation, or None.  A random
        name is never fresh: a law or an expectation axiom gives it its meaning."""
        from .axioms.expectation import is_random  # the registry of random names

        token = _RANDOMS.set(())  # declared random, not random by what names it (o := D x)
        try:
            declared = is_random(u, _declared_randoms(self, tied=False))
        finally:
            _RANDOMS.reset(token)
        if declared:
            return f"{u} is a random name (a law or an expectation axiom takes it for random)"
        for p in self.all_predicates():
            if u in p.free_symbols:
                return f"the predicate {_text(p)} fixes {u}"
        named = []
        for r in self.rules():
            if exclude is not None and r == exclude:
                continue
            if isinstance(r, Lemma) and u in r.equation.free_symbols:
                mapped = dict(r.mapping)
                source = r.equation.xreplace({}) if r.derivation is None else \
                    r.derivation.claim(r.source).equation
                if r.derivation is None or u in source.free_symbols - set(mapped):
                    return f"the lemma {r.name!r} speaks of {u}"
            if isinstance(r, Axiom) and isinstance(r.rule, sp.Basic) and u in r.rule.free_symbols:
                return f"the axiom {r.name!r} speaks of {u}"
            for a in axiom_closure((r,)):
                if u in a.fixes or u in a.names:
                    return f"the axiom {a.name!r} fixes {u}"
                # s := e^a gives s a meaning in a: a Solve of a s = -1 for a took s for a
                # constant and proved a = -1/s, that is a e^a = -1, which no real a meets
                if any(u in eq.free_symbols for eq in a.defines):
                    return f"the axiom {a.name!r} gives a name a meaning in terms of {u}"
            if isinstance(r, Definition) and (u == r.symbol or u in r.expr.free_symbols):
                return f"the definition of {r.symbol} speaks of {u}"
            if isinstance(r, Assumption):
                for eq in r.substitutions:
                    if u in eq.free_symbols:
                        named.append((r, eq))
        if not named:
            return None
        if not naming_allowed or len(named) > 1 or named[0][1].rhs != u or \
                u in named[0][1].lhs.free_symbols:
            return f"the assumption {named[0][0].name!r} fixes {u}"
        return None

    def _check_solve(self, i: int, step: Solve, nodes: set, solved: set) -> str | None:
        if not isinstance(step.equation, sp.Equality):
            return (f"the equation is {_text(step.equation)}, not an equation (SymPy "
                    "evaluated it): state it with sp.Eq(lhs, rhs, evaluate=False)")
        prev = self.steps[i - 2] if i > 1 else None
        if not isinstance(prev, Step):
            return ("a Solve must follow the proved Step whose last expression its equation "
                    "solves; here it does not follow a Step")
        if step.equation.lhs != prev.exprs[-1]:
            return (f"the equation's left side {_text(step.equation.lhs)} is not the last "
                    f"expression {_text(prev.exprs[-1])} of step {i - 1}: a Solve solves the "
                    "equation the proved chain ended with")
        u = step.unknown
        if not isinstance(u, sp.Symbol):
            return f"the unknown {u} is not a symbol"
        if u in solved:
            return f"the symbol {u} is already fixed by an earlier Solve"
        for earlier in self.steps[:i - 1]:  # w := g(u) then u := f(w) is a system, maybe
            if isinstance(earlier, Solve) and u in (  # with no solution (v = v + 1)
                    earlier.equation.free_symbols | sp.sympify(earlier.value).free_symbols):
                return (f"the symbol {u} occurs in the Solve for {earlier.unknown}, which "
                        f"gives {earlier.unknown} a value in terms of it: fixing {u} too "
                        "makes the two a system of equations, which may have no solution")
        if u in nodes:
            return f"the symbol {u} is already fixed: an earlier step proved it equal to something"
        why = self._not_fresh(u, naming_allowed=True)
        if why:
            return f"the unknown is not fresh: {why}"
        # the one assumption naming u: T = u, T fixed by nothing else
        names = [eq.lhs for r in self.rules() for eq in getattr(r, "substitutions", ())
                 if eq.rhs == u]
        from .axioms.expectation import is_random

        for named in names:
            if named in nodes:
                return (f"the symbol {u} names {_text(named)}, which an earlier step "
                        "already fixed")
            constants = sorted(str(q) for q in named.free_symbols
                               if isinstance(q, sp.Symbol) and not is_random(q, ()))
            if constants:  # E(t w^2) is E(0) = 0 at t = 0, whatever the law of w
                return (f"the symbol {u} names {_text(named)}, which depends on "
                        f"{', '.join(constants)}, no random name: at some value of it the "
                        "moment may be fixed, and a Solve chooses only a free moment")
            if not (isinstance(named, sp.Function) and str(named.func) == "Var"):
                return (f"the symbol {u} names {_text(named)}: a Solve chooses only a variance "
                        "(every nonnegative number is the variance of some law, whatever its "
                        "mean), while other moments bound one another (E(w^2 + 1) >= 1, "
                        "E(w)^2 <= E(w^2))")
            if type(named.args[0]) is not sp.Symbol:  # U(0, 1) has its law whether or not
                # its axiom is listed; f() and a Dummy are names the checks below cannot read
                return (f"the symbol {u} names {_text(named)}, the variance of "
                        f"{_text(named.args[0])}, which is no plain symbol: a Solve chooses "
                        "the variance of a random name whose law nothing but the derivation's "
                        "assumptions speaks of")
            own = frozenset(q for q in named.free_symbols if isinstance(q, sp.Symbol))
            why = _bounds_named_variance(named, u, own, self.assumptions)
            if why:
                return why
            for p in self.all_predicates():  # E(2 w^2) > 4 forbids E(w^2) = 1 unseen
                stray = sorted(map(str, own & sp.sympify(p).xreplace(
                    {named: sp.Dummy()}).free_symbols))
                if stray:
                    return (f"the symbol {u} names {_text(named)}, and the predicate "
                            f"{_text(p)} speaks of {', '.join(stray)} other than through it: "
                            "the value the Solve gives it cannot be held against that")
            for q in self.rules():
                rule_eq = q.equation if isinstance(q, Lemma) else getattr(q, "rule", None)
                if isinstance(rule_eq, sp.Equality) and alpha_normal(rule_eq.lhs) == \
                        alpha_normal(named):
                    return (f"the symbol {u} names {_text(named)}, which the {q.kind} "
                            f"{q.name!r} already fixes")
            tied = self._tied_to(named, u)
            spoken = [t for t in tied if (step.equation.lhs - step.equation.rhs).has(t)
                      or step.value.has(t)]
            if spoken:
                return (f"the symbol {u} names {_text(named)}, and the Solve's equation or "
                        f"value speaks of {_text(sorted(spoken, key=sp.default_sort_key)[0])}"
                        f", which is {_text(named)} or what the hypotheses make of it: "
                        f"{u} = {_text(step.value)} would be an equation in {_text(named)}, "
                        "which may have no solution")
        preds = self.all_predicates()
        why = step.solve(preds)
        if why:
            return why
        value = step.value
        for named in names:  # a variance is never negative
            if not _shown("nonnegative", value, tuple(preds)):
                return (f"the Solve gives {u} = {_text(value)}, so {_text(named)} = "
                        f"{_text(value)}, which is not shown nonnegative: no law has a negative "
                        "variance")
        for named in names:  # the value the Solve gives T meets what T is said (T is a
            # moment, :func:`_substitution_conflict`: it has no declaration of its own),
            # each predicate alone and all of them together (E(w^2) > k with k > 1 says
            # nothing of E(w^2) = 1 alone)
            against = [p for p in preds if p.has(named)
                       and _ask(p.xreplace({named: value})) is False]
            valued = tuple(p.xreplace({named: value}) for p in preds)
            why = _inconsistency(valued) if valued != tuple(preds) else None
            if against or why:
                said = _text(against[0]) if against else f"so: {why}"
                return (f"the Solve gives {u} = {_text(value)}, so {_text(named)} = "
                        f"{_text(value)}, but {_text(named)} is said {said}: "
                        "the hypotheses contradict each other")
        return None

    def _tied_to(self, named: sp.Expr, unknown: sp.Symbol) -> set:
        """``named``, its names, and each name (a symbol, an entry, an application) that
        a hypothesis equation other than the one naming ``unknown`` (an assumption's, a
        definition's, a lemma's) equates to an expression of them, in turn: what a value
        of ``named`` may not be written in (r := s beside s = u: u = r + 1 is u = u + 1)."""
        eqs = [*(eq for r in self.rules() for eq in getattr(r, "substitutions", ())
                 if eq.rhs != unknown),
               *(sp.Eq(r.symbol, r.expr, evaluate=False) for r in self.rules()
                 if isinstance(r, Definition)),
               *(r.equation for r in self.rules() if isinstance(r, Lemma))]
        tied = {named, *named.free_symbols}
        grown = True
        while grown:
            grown = False
            for eq in eqs:
                for side, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
                    if (isinstance(side, sp.Symbol | sp.Indexed) or _uninterpreted(side)) \
                            and side not in tied and other.has(*tied):
                        tied.add(side)
                        grown = True
        return tied

    def prove(self, *, raise_on_failure: bool = True, numeric: bool = True) -> Proof:
        """Prove every step in order; refuse at the first one that fails.

        With ``raise_on_failure=False`` the refusal is returned in
        :attr:`Proof.error`, and :attr:`Proof.established` holds the claims
        that the steps proved before it already connect.  The proof is made once per process
        and shared (:func:`proof_of`: the one a lemma of this derivation rests on).
        """
        if not numeric:
            return self._proof_among((), raise_on_failure=raise_on_failure, numeric=False)
        proof = proof_of(self)
        if raise_on_failure and proof.error is not None:
            raise proof.error
        return proof

    def _proof_among(self, randoms: tuple, *, raise_on_failure: bool,
                     numeric: bool = True) -> Proof:
        # randomness is the derivation's, never one rule's: while its steps are reduced every
        # expectation axiom sees the names any of them (or a lemma's source) declares random,
        # and ``randoms``: those a derivation using its lemmas takes for random besides.  The
        # registries of random names are whole first: every axiom module loaded (before,
        # U(0, 1) was no draw in a fresh process's first proof, so c = U(0, 1) left c a
        # constant and E(c U) = c E(U) was proved, and then 1/3 = 1/4 from it)
        _interpreted_heads()
        token = _RANDOMS.set(tuple(dict.fromkeys(_declared_randoms(self) + randoms)))
        facts = _FACTS.set(self.all_predicates())
        try:
            return self._proved(raise_on_failure, numeric)
        finally:
            _FACTS.reset(facts)
            _RANDOMS.reset(token)

    def _proved(self, raise_on_failure: bool, numeric: bool) -> Proof:
        predicates = self.all_predicates()
        records = []
        uf = _UnionFind()
        nodes: set = set()
        edges: dict = {}
        solved: set = set()
        error: DerivationError | None = None
        early = self._refusal()
        # a definition is made at the first step that lists it and unfolds from there on;
        # what showed its body defined goes with every step that may unfold it (f(c x) =
        # f(1) before c := 1/x was made beside x = y^2 + 1 carried nothing)
        definitions: list = []
        made: list = []  # (definition, what showed its body defined)
        lemmas = [r for r in self.rules() if isinstance(r, Lemma)] if early is None else []
        for i, step in enumerate(self.steps, start=1):
            if early is not None and early[0] == i:
                error = StepRefused(self.id, i, step, early[1])
                records.append(StepRecord(i, step, (error.residual,)))
                break
            exprs = (*step.exprs, *(step.equation.args if isinstance(step, Solve) else ()))
            def known(e, uf=uf, nodes=nodes):
                """What earlier steps or the derivation's lemmas prove equal to ``e``."""
                out = [r.equation.rhs for r in lemmas
                       if r.derivation is not None and r.equation.lhs == e]
                if e in uf.parent:
                    root = uf.find(e)
                    out += [q for q in nodes if q != e and uf.find(q) == root]
                return out

            resting: list = []  # what proved the values that discharged side conditions

            def spent(e, k, resting=resting, edges=edges):
                resting.extend(a for r in lemmas if r.derivation is not None
                               and (r.equation.lhs, r.equation.rhs) == (e, k)
                               for a in r.assumptions)
                resting.extend(_path_dependencies(edges, e, k))

            # what the rules put in is held to the same conditions: SymPy evaluates it as
            # it is put in (sign(y + I)^2 becomes 1 as s := sign(y + I) unfolds in s^2)
            bodies = [q for r in step.using for q in (
                (r.expr,) if isinstance(r, Definition) else
                (eq.rhs for eq in getattr(r, "substitutions", ()) if not r.variables))]
            missing = [m for e in (*exprs, *bodies)
                       for m in side_conditions(e, predicates, known, spent)]
            if missing:
                error = StepRefused(self.id, i, step, "; ".join(dict.fromkeys(missing))
                                    + " (state it as an assumption or predicate)")
                records.append(StepRecord(i, step, (error.residual,)))
                break
            for r in step.using:
                if isinstance(r, Definition) and r not in definitions:
                    definitions.append(r)
                    made.append((r, tuple(resting)))
            spent = [r for r in step.using if isinstance(r, Assumption)
                     and any(eq.rhs in solved for eq in r.substitutions)]
            if spent:
                error = StepRefused(self.id, i, step, (
                    f"the assumption {spent[0].name!r} names an unknown an earlier Solve "
                    "already solved: the Solve discharged it, and it may not be used again"))
                records.append(StepRecord(i, step, (error.residual,)))
                break
            local = self._local_lemma_refusal(step, uf)
            if local:
                error = StepRefused(self.id, i, step, local)
                records.append(StepRecord(i, step, (error.residual,)))
                break
            if isinstance(step, Solve):
                try:
                    why = self._check_solve(i, step, nodes, solved)
                except (ValueError, TypeError, AttributeError, NotImplementedError,
                        sp.PolynomialError) as failure:
                    why = (f"checking the Solve failed ({type(failure).__name__}: {failure}): "
                           "nothing is proved")
                if why:
                    error = StepRefused(self.id, i, step, why)
                    records.append(StepRecord(i, step, (error.residual,)))
                    break
                residuals = (sp.S.Zero,)
                solved.add(step.unknown)
            else:
                try:
                    residuals, rewritten = zip(*step.reductions(predicates, definitions),
                                               strict=True)
                except RuleCaptures as capture:
                    error = StepRefused(self.id, i, step, str(capture))
                    records.append(StepRecord(i, step, (error.residual,)))
                    break
                except (ValueError, TypeError, AttributeError, IndexError, KeyError,
                        NotImplementedError, RecursionError) as failure:
                    error = StepRefused(self.id, i, step, (
                        f"rewriting or reducing the step failed ({type(failure).__name__}: "
                        f"{failure}): nothing is proved"))
                    records.append(StepRecord(i, step, (error.residual,)))
                    break
            records.append(StepRecord(i, step, residuals))
            bad = [r for r in residuals if r != 0]
            if bad:
                error = StepNotProved(self.id, i, step, bad[0])
                break
            if numeric and isinstance(step, Step):
                # a link a rule rewrote is checked by what the rule wrote: the residual the
                # kernel then reduced to 0 (a rule may speak of what no number shows; a true
                # lemma's rewrite no longer hides the reduction that follows it)
                for (a, b), ruled in zip(step.equalities(), rewritten, strict=True):
                    what = "the two sides differ"
                    if ruled is not None:
                        a, b = ruled, sp.S.Zero
                        what = "the residual the step's rules wrote is not 0"
                    from .refutation import numeric_refutation  # not trusted: only refutes

                    point = numeric_refutation(a, b, predicates)
                    if point is not None:
                        raise KernelBug(f"{self.id}, step {i}: the kernel proved "
                                        f"{_text(a)} = {_text(b)}, but at {point} {what}: "
                                        "a kernel bug, please report it")
            deps = frozenset((*self._step_dependencies(step), *resting,
                              *(a for _, rest in made for a in rest)))
            for a, b in step.equalities():
                uf.union(a, b)
                nodes.update((a, b))
                edges.setdefault(a, []).append((b, deps))
                edges.setdefault(b, []).append((a, deps))
            for r in step.using:  # a definition rests on what showed its body defined (c :=
                if isinstance(r, Definition):  # 1/x beside x = y^2 + 1: x = 0 made c x = 1 = 0)
                    uf.union(r.symbol, r.expr)
                    nodes.update((r.symbol, r.expr))
                    edges.setdefault(r.symbol, []).append((r.expr, frozenset(resting)))
                    edges.setdefault(r.expr, []).append((r.symbol, frozenset(resting)))
        if error is None and early is not None and early[0] > len(self.steps):
            error = DerivationError(f"{self.id}: {early[1]}")
        established = frozenset(
            c.id for c in self.claims
            if uf.find(sp.sympify(c.lhs)) == uf.find(sp.sympify(c.rhs))
        )
        if error is None:
            missing = [c for c in self.claims if c.id not in established]
            if missing:
                c = missing[0]
                error = ClaimNotEstablished(
                    f"{self.id}: claim {c.id} ({_text(c.lhs)} = {_text(c.rhs)}) "
                    "is not connected by the proved steps"
                )
        dependencies = {c.id: self._always_carried() + _path_dependencies(
            edges, sp.sympify(c.lhs), sp.sympify(c.rhs)) for c in self.claims
            if c.id in established}
        if error is not None and raise_on_failure:
            raise error
        return Proof(self, tuple(records), error, established, dependencies)

    def _local_lemma_refusal(self, step, uf) -> str | None:
        """A claim of this derivation used as a rewrite must be established by the steps
        before, exactly as the claim states it."""
        for r in step.using:
            if isinstance(r, Lemma) and r.derivation is None:
                c = self.claim(r.source)
                if (r.equation.lhs, r.equation.rhs) != (c.lhs, c.rhs) or r.mapping or \
                        r.variables:
                    return f"lemma {r.name!r} does not state the claim {c.id} of this derivation"
                if uf.find(c.lhs) != uf.find(c.rhs):
                    return (f"lemma {r.name!r} is a claim of this derivation that the steps "
                            "before this one do not establish")
        return None

    def _always_carried(self) -> tuple:
        """Assumptions every claim rests on: those with predicates (every reduction
        uses them) and those stated in prose only (the kernel cannot see their use)."""
        return tuple(a for a in self.assumptions if a.predicates or not a.substitutions)

    def _step_dependencies(self, step) -> list:
        """The assumptions a step rests on: those it applies and those its lemmas carry."""
        out = []
        for r in step.using:
            if isinstance(r, Assumption):
                out.append(r)
            elif isinstance(r, Lemma):  # a claim of this derivation: all its assumptions
                out.extend(r.assumptions if r.derivation is not None else self.assumptions)
        return out

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"{self.id} has no claim {claim_id!r}; it has {[c.id for c in self.claims]}")

    def lemma(self, claim_id: str) -> Lemma:
        """A proved claim of this derivation, usable as a rewrite by another; it carries
        this derivation's assumptions and predicates (the user must list them)."""
        c = self.claim(claim_id)
        return Lemma(name=c.id, equation=c.equation, source=c.id, derivation=self)


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
