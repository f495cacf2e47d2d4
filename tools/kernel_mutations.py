"""Mutation pass over the kernel: every check, disabled on its own, must turn a test red.

A check of the kernel that no test notices missing cannot be trusted to be there
tomorrow.  This tool copies the repository into a scratch folder, disables one
check of ``derivations/kernel.py`` at a time (``MUTATIONS``), runs the kernel's
tests and reports RED (a test caught it) or GREEN (nothing did: a missing test,
or a check that no longer guards anything).  It takes about half a minute per
mutation: ``python tools/kernel_mutations.py [name ...]``.  The default
``pytest`` only checks that each mutation still applies to the kernel as written
(``tests/kernel/test_kernel_mutations_apply.py``).
"""

from __future__ import annotations

import argparse
import ast
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNEL = "derivations/kernel.py"
TESTS = ("tests/kernel", "tests/test_kernel.py", "tests/test_sums.py",
         # it checks the mutations apply to the kernel as written: red on every mutant
         "--ignore=tests/kernel/test_kernel_mutations_apply.py")

#: name -> (text of the kernel as written, text that disables the check); each old text
#: occurs exactly once in the kernel.  A check that is a whole function is disabled by a
#: redefinition appended to the module (old text None).
MUTATIONS: dict[str, tuple[str | None, str]] = {
    "inconsistent predicates": (None, "def _inconsistency(preds):\n    return None\n"),
    "vocabulary walk": (None, "def _foreign_node(e):\n    return None\n"),
    "one meaning per name": (None, "def _meaning_conflict(d):\n    return None\n"),
    "one symbol per name": (None, "def _homonym(exprs):\n    return None\n"),
    "random aliases": (None, "def _random_alias(d):\n    return None\n"),
    "lemma hypotheses": (None, "def _check_lemma(lemma, here):\n    return None\n"),
    "fixed symbols": (None, "def _fixed_symbols(d):\n    return set()\n"),
    "index ranges": (None, "def index_refusal(var, lo, hi, facts=()):\n    return None\n"),
    "side conditions": (None, "def side_conditions(expr, facts=(), known=None, spent=None):\n"
                              "    return []\n"),
    "symbol assumptions of values": (None, "def unmet_assumption(sym, value, facts=()):\n"
                                           "    return None\n"),
    "capture by rules": (None, "def _capture_free(rule, expr):\n"
                               "    return sp.sympify(rule.apply(expr))\n"),
    "derivatives": (None, "Derivation._derivative_refusal = lambda self: None\n"),
    "solve discipline": (None, "Derivation._check_solve = lambda self, *a: None\n"),
    "other binders": (None, "def _other_bound(e):\n    return set()\n"),
    "axiom requirements": (None, "def _requirement_shown(q, facts):\n    return True\n"),
    "axioms live in one package": (None, "def _axiom_home_ok(origin):\n    return True\n"),
    "function assumptions listed": (None, "def _function_assumptions(f):\n    return []\n"),
    "reserved prefix": ("if s.name.startswith((RESERVED, TEMPORARY)):", "if False:"),
    "float written": ("            if e.has(sp.Float):\n                return 1,",
                      "            if False:\n                return 1,"),
    "float from a rule": ("                if r.has(sp.Float):", "                if False:"),
    "stray predicate": ("            stray = (p.free_symbols & bound) - free_anywhere",
                        "            stray = set()"),
    "two assumptions rewrite one side": (
        "if key in lhs_seen and lhs_seen[key][1] != eq.rhs:", "if False:"),
    "assumption class": ("            if type(a) is not Assumption:", "            if False:"),
    "rule class": ("                if type(r) not in KERNEL_RULES:", "                if False:"),
    "assumption listed": (
        "if isinstance(r, Assumption) and r not in self.assumptions:", "if False:"),
    "vocabulary": ("        if (cls in VOCABULARY or module", "        if (True or module"),
    "definite integrals": ("                len(lim) != 3 for lim in node.limits):",
                           "                False for lim in node.limits):"),
    "lemma binders": ("    bound = bound_variables(claim.lhs) | bound_variables(claim.rhs)",
                      "    bound = set()"),
    "lemma random values": (
        "        if is_random(v, _declared_randoms(src) + _declared_randoms(here)):",
        "        if False:"),
    "escaped bound names": (
        "        if not any(q.name.startswith((RESERVED, TEMPORARY)) for q in new.free_symbols):",
        "        if True:"),
    "unfolded predicates": ("        unfolded, why = self._unfolded(preds)",
                            "        unfolded, why = preds, None"),
    "integer gap": ("    if gap.is_integer is not True and not (", "    if False and not ("),
    "definition of itself": ("                    if r.symbol in r.expr.free_symbols:",
                             "                    if False:"),
    "definition of a declared name": (
        "                    if fact is not None:\n                        why = (f\"{r.symbol} is "
        "declared",
        "                    if False:\n                        why = (f\"{r.symbol} is declared"),
    "fresh definitions": ("why = self._not_fresh(r.symbol, exclude=r)", "why = None"),
    "final classes": ("def _final(cls):\n", "def _final(cls):\n    return cls\n"),
    "axioms rested on": ("            for q in r.rests_on:\n                add(q)",
                         "            pass"),
    "names an axiom defines": ("                fact = unmet_assumption(eq.lhs, eq.rhs, preds)",
                               "                fact = None"),
    "derivatives of defined names": (
        "                    depends[f] = symbols_of(meant[f]) if f in meant else None",
        "                    depends[f] = set()"),
    "meanings of definitions and solves": ("    for st in () if here else d.steps:",
                                           "    for st in ():"),
    "randoms of the derivation": (
        "        token = _RANDOMS.set(tuple(dict.fromkeys(_declared_randoms(self) + randoms)))",
        "        token = _RANDOMS.set(())"),
    "assumptions against each other": ("            if gap.is_number and gap != 0:",
                                       "            if False:"),
    "assumed values against predicates": (
        "            if q != p and not q.free_symbols and _ask(q) is False:",
        "            if False:"),
    "lemmas among the user's randoms": (
        "    if extra and lemma.source not in proof_of(src, extra).established:",
        "    if False:"),
    "laws and independence through lemma sources": (
        "    sources = _lemma_sources(d)  # a law", "    sources = [d]  # a law"),
    "denominators of powers not shown nonnegative": (
        "            if exp.is_nonnegative is not True and \\\n", "            if False and \\\n"),
    "indexed variables meet their family": (
        "    bases = {v.base for v in variables if isinstance(v, sp.Indexed)}\n    return bool(",
        "    bases = set()\n    return bool("),
    "subs and limit variables renamed": ("_VALUE_BINDERS = (sp.Subs, sp.Limit)",
                                         "_VALUE_BINDERS = ()"),
    "subs of an entry meets its family": ("                if kin and not why:",
                                          "                if False:"),
    "fixed heads are fresh": ("                if f in heads and heads[f] != r.origin:",
                              "                if False:"),
    "law names are fixed by their law alone": (
        "                if f in named and named[f] is not r:", "                if False:"),
    "ties through what axioms define": (
        "                *(eq for r in axiom_closure(rules) for eq in r.defines)]",
        "                ]"),
    "ties through lemmas' sources": (
        "    for src in _lemma_sources(d):\n        rules = src.rules()",
        "    for src in (d,):\n        rules = src.rules()"),
    "draws tie the names equal to them": (
        "    if isinstance(e, AppliedUndef) and (e.func in whole or not e.free_symbols):\n"
        "        return {e}",
        "    if isinstance(e, AppliedUndef) and not e.free_symbols:\n        return {e}\n"
        "    if isinstance(e, AppliedUndef) and e.func in whole:\n        return set()"),
    "assumptions leave notations their meaning": (
        "                if fixed:\n                    q = fixed[0]",
        "                if False:\n                    q = fixed[0]"),
    "entries declared as their family": ("    if isinstance(sym, sp.Indexed):\n        sym = ",
                                         "    if False:\n        sym = "),
    "kinked heads": (
        "                isinstance(node, AppliedUndef) and node.func in KINKED_HEADS):",
        "                False):"),
    "kinks a rule puts under a derivative": ("    fresh = kinks(after) - kinks(before)",
                                             "    fresh = set()"),
    "sum closed forms proved by induction": (
        "    unchecked = {q for q in e.atoms(sp.Sum, sp.Product) - sums if _summed(q) is None}",
        "    unchecked = set()"),
    "product closed forms proved by induction": (
        "    unchecked = {q for q in e.atoms(sp.Sum, sp.Product) - sums if _summed(q) is None}",
        "    unchecked = {q for q in e.atoms(sp.Sum) - sums if _summed(q) is None}"),
    "predicates only as hypotheses": (
        "        if isinstance(node, _PREDICATE_CLASSES) and not (predicate and node in top):",
        "        if False:"),
    "refine only where ask is sound": (
        "    if not predicates or not _askable(e):", "    if not predicates:"),
    "schema values free of the pattern's derivative variables": (
        "        if any(_mentions(value, taken) for w, value in table.items() if w not in wrt):",
        "        if False:"),
    "names given in lemma sources are not constants to a derivative": (
        "        for src in _lemma_sources(self):  # here and where a lemma was proved",
        "        for src in (self,):  # here and where a lemma was proved"),
    "names given by assumptions are not constants to a derivative": (
        "if isinstance(eq.lhs, sp.Symbol) and not getattr(r, \"variables\", ()):",
        "if False:"),
    "limits at infinite points held": (
        "if q.args[2].has(sp.oo, -sp.oo, sp.zoo)\n", "if False\n"),
    "sum indices run over integers": (
        "    if sp.sympify(lo).is_integer is not True and not (", "    if False and not ("),
    "one wild per schema variable": ('sp.Wild(f"w{k}_", ', 'sp.Wild(f"{v.name}_", '),
    "a solve's value meets the named moment's predicates": (
        "            against = [p for p in preds if p.has(named)\n",
        "            against = [p for p in () if p.has(named)\n"),
    "false schemas refused": (None, "def _false_schema(a):\n    return None\n"),
    "roots are kinks": (
        "            out.append(node.base)  # a root's cusp: sqrt(x^2 + y^2) is |x| at y = 0",
        "            pass"),
    "integrals not valued held opaque": (
        "        unvalued.add(node)  # not valued here", "        pass  # not valued here"),
    "functions of real arguments only": (
        "        real_only = e.args if isinstance(e, _REAL_ONLY) else (e.lhs, e.rhs) if",
        "        real_only = () if isinstance(e, _REAL_ONLY) else (e.lhs, e.rhs) if"),
    "orders of real sides only": (
        "            e, sp.StrictLessThan | sp.LessThan | sp.StrictGreaterThan | sp.GreaterThan)",
        "            e, ())"),
    "a real body's limit is real": (
        "n.args[0], facts).is_extended_real is True, lambda n: sp.Dummy(extended_real=True))",
        "n.args[0], facts).is_extended_real is True, lambda n: n)"),
    "what rules put in meets the side conditions": (
        "            missing = [m for e in (*exprs, *bodies)",
        "            missing = [m for e in exprs"),
    "solves tie names": ("*(sp.Eq(st.unknown, st.value, evaluate=False) for st in src.steps",
                         "*(sp.Eq(st.unknown, st.value, evaluate=False) for st in ()"),
    "undefined functions tie their arguments": (  # in the random names and the ties
        "    if isinstance(e, AppliedUndef) and (e.func in whole or not e.free_symbols):\n"
        "        return {e}\n",
        "    if isinstance(e, AppliedUndef) and (e.func in whole or not e.free_symbols):\n"
        "        return {e}\n    if isinstance(e, AppliedUndef):\n        return set()\n"),
    "interpreted heads anywhere in an assumption": (
        "                    q for q in sp.preorder_traversal(outside)",
        "                    q for q in (outside,)"),
    "outer variables renamed in inner limits": (
        "            limits = [(v, *(q.xreplace({var: new}) for q in bounds))",
        "            limits = [(v, *bounds)"),
    "outer variables made distinct in inner limits": (
        "            {o[0]: names[o[0]] for o in expr.limits[k + 1:]}), counter)",
        "            {}), counter)"),
    "leading coefficients of solves": (
        "            if not _shown(\"nonzero\", lead, facts):", "            if False:"),
    "conjunctions taken apart": (
        "        return tuple(q for p in preds for q in sp.And.make_args(p))",
        "        return tuple(preds)"),
    "ask only where it is sound": ("    return not e.has(sp.I) and not any(",
                                   "    return True or not any("),
    "randomness follows equality": (
        "    return _tied_randoms(d, tuple(out)) if tied else tuple(out)", "    return tuple(out)"),
    "quantified variables take constants": (
        "    return _meets(e, v) and not is_random(e, ())", "    return _meets(e, v)"),
    "ties across independent groups": (
        "if p in tied.parent and q in tied.parent and tied.find(p) == tied.find(q):",
        "if False:"),
    "integration ranges": (None, "def interval_refusal(var, lo, hi, facts=()):\n"
                                 "    return None\n"),
    "points of a Subs or Limit": (None, "def point_refusal(var, point, facts=(), side=None):\n"
                                        "    return None\n"),
    "kinks of derivatives": (None, "def _kinks(body, variables):\n    return []\n"),
    "opposed bounds": (None, "def _opposed_bounds(preds):\n    return None\n"),
    "escaped bound variables by rules": ("    if escaped:  # E(sum_k U(0, k))", "    if False:  #"),
    "random names are not fresh": (
        "        if declared:\n            return f\"{u} is a random",
        "        if False:\n            return f\"{u} is a random"),
    "random indices": (
        "        if isinstance(node, sp.Indexed) and any(is_random(q, declared) for q in",
        "        if False and any(is_random(q, declared) for q in"),
    "law names given values": (
        "            if name in RANDOM_NAMES or getattr(one, \"base\", None) in RANDOM_NAMES:",
        "            if False:"),
    "sum limits in order": ("                elif slack:", "                elif False:"),
    "derivative variables on a continuum": (
        "        if isinstance(e, sp.Derivative):\n            for v in e.variables:",
        "        if isinstance(e, sp.Derivative):\n            for v in ():"),
    "meanings by structure": ('            give(st.unknown, "solve " + _structure(st.equation),',
                              '            give(st.unknown, "solve " + sp.sstr(st.equation),'),
    "a structure holds the keys of its functions": (
        '    return sp.srepr(e) + (repr(heads) if heads else "")',
        "    return sp.srepr(e)"),
    "functions that print alike are one meaning": (
        "                 *sorted({q.func for q in e.atoms(AppliedUndef)}, key=str)]",
        "                 ]"),
    "a binder's variable shares its name with nothing in its scope": (
        "                if alike:\n                    return (f\"the variable {v} of",
        "                if False:\n                    return (f\"the variable {v} of"),
    "smooth integrands only": (None, "def _smooth_in(f, x):\n    return True\n"),
    "simplify around integrals": (None, "def simplify(e):\n    return sp.simplify(e)\n"),
    "names a rule brings in": ("            stray = sorted(map(str, new - named))",
                               "            stray = []"),
    "rule outputs' ranges": (
        "    written = after.atoms(*binders) - before.atoms(*binders)  # only what the rule wrote",
        "    written = set()"),
    "random law parameters": (
        "            if is_random(q, declared):\n                return (f\"{q}, a",
        "            if False:\n                return (f\"{q}, a"),
    "assumptions against laws": (
        "                if (gap.is_number and gap.is_finite and gap != 0) or (\n"
        "                        not gap.has(*moments) and _shown(\"nonzero\", gap, facts)):",
        "                if False:"),
    "fixed names of rules": ("            out |= set(r.fixes) | set(r.names)",
                             "            out |= set(r.fixes)"),
    "even powers of real bases": (
        "            if _strengthen(expr.base, facts).is_extended_real is not True:\n"
        "                return False", "            if False:\n                return False"),
    "leibniz needs smoothness": (
        "                if any(_mentions(q, wrt) for lim in node.limits for q in lim[1:]) "
        "and not all(",
        "                if False and not all("),
    "limits through cases": ("            if jumps:\n                text = (f\"the limit",
                             "            if False:\n                text = (f\"the limit"),
    "delta sums left to the axioms": (None, "def _held(e):\n    return set()\n"),
    "real exponents": (
        "            if not exp.is_integer and _strengthen(exp, fs).is_extended_real",
        "            if False and _strengthen(exp, fs).is_extended_real"),
    "limits of smooth bodies only": (
        "              or not _smooth_in(q.args[0].doit(integrals=False), q.args[1])}",
        "              or False}"),
    "factory arguments held as written": (
        "                if reserved:\n                    return 1, (f\"the axiom",
        "                if False:\n                    return 1, (f\"the axiom"),
    "subs points free of their variables": (
        "                or any(_mentions(p, set(node.variables)) for p in node.point)):",
        "                and False):"),
    "subs and limit variables bound in side conditions": (
        "            inner = tuple(f for f in fs if not getattr(f, \"free_symbols\", set()) "
        "& names)",
        "            inner, names = fs, set()"),
    "solve unknowns not bound by subs": (
        "            if isinstance(st, Solve) and st.unknown in other_bound:",
        "            if False:"),
    "kinks read through a subs": ("    for node in sp.preorder_traversal(unfold_subs(body)):",
                                  "    for node in sp.preorder_traversal(body):"),
    "evaluation reads through a subs": (
        "    e = unfold_subs(e).replace(lambda q: isinstance(q, sp.Integral), one)",
        "    e = sp.sympify(e).replace(lambda q: isinstance(q, sp.Integral), one)"),
    "limit jumps read through a subs": (
        "            body = unfold_subs(e.args[0])  # a jump under a Subs",
        "            body = e.args[0]  # a jump under a Subs"),
    "declarable keys only": (None, "def declaration_refusal(sym):\n    return None\n"),
    "relations asked as signs": ("    if function in _AS_SIGN:\n", "    if False:\n"),
    "cases decided by the kernel's signs": (
        "        hidden[r] = sp.Dummy(\"relation\") if verdict is None else",
        "        hidden[r] = r if verdict is None else"),
    "draws of one law tied unless shown apart": ("                tied.union(p, q)",
                                                 "                pass"),
    "ties through every random name": (
        "                        if q in randoms or isinstance(q, AppliedUndef)),",
        "                        if q in {q for _, g in groups for q in g} or "
        "isinstance(q, AppliedUndef)),"),
    "predicates reduced before use": (None, "def _false_reduced(p):\n    return False\n"),
    "valued applications by a sibling entry": (
        "                            r = valued(app) if kin else None",
        "                            r = None"),
    "antiderivatives continuous on the range": (
        "    return _smooth_in(F, var) and sp.simplify(", "    return True and sp.simplify("),
    "antiderivatives defined for every parameter": (
        "        and not side_conditions(F)  # x sin(k x)/k", "        and True  # x sin(k x)/k"),
    "antiderivative tails read only at real erf arguments": (
        "            at = 1 if lead.is_positive else -1 if lead.is_negative else None",
        "            at = 1 if lead.is_positive else -1"),
    "antiderivatives checked by differentiation": (
        "and sp.simplify(sp.diff(F, var) - f) == 0", "and True"),
    "SymPy's comparisons agree with 30 digits": (
        "        return gap if _number_sign(a - b) == bool(gap > 0) - bool(gap < 0) else None",
        "        return gap"),
    "SymPy compares no noise": (
        "        if unreadable_number(a - b):\n            return None\n        gap = _n2",
        "        if False:\n            return None\n        gap = _n2"),
    "SymPy guesses no sign from noise": (
        "        return None if verdict is not None and unreadable_number(self) else verdict",
        "        return verdict"),
    "floor and ceiling not taken of noise": (
        "            if near is None or unreadable_number(expr - near):",
        "            if False:"),
    "noise read through function arguments": (
        "        return True  # floor(1 + erf(c))", "        return False  # floor(1 + erf(c))"),
    "assumptions applied to one another to a fixpoint": (
        "        for _ in range(len(d.assumptions)):\n            before = (lhs, rhs)",
        "        for _ in range(1):\n            before = (lhs, rhs)"),
    "integrals not taken for nonzero by their integrand": (
        '    (sp.Integral, ("zero",), False, _never),',
        '    (sp.Integral, ("zero",), False, lambda q: True),'),
    "numbers with integrals not read": (
        "    if q.has(sp.Integral):  # evalf's quadrature", "    if False:  # evalf's quadrature"),
    "derivatives of cases at one point held": (
        "    return frozenset(sums | unchecked | limits | pointwise)\n",
        "    return frozenset(sums | unchecked | limits)\n"),
    "side-condition hypotheses": (
        "            deps = frozenset((*self._step_dependencies(step), *resting,\n",
        "            deps = frozenset((*self._step_dependencies(step),\n"),
    "a definition's hypotheses go with each step after it": (
        "                              *(a for _, rest in made for a in rest)))",
        "                              ))"),
    "a definition unfolds from its step on": (
        "        definitions: list = []\n",
        "        definitions: list = [r for r in self.rules() if isinstance(r, Definition)]\n"),
    "a lemma comes from a proved derivation": (
        "    if proof.error is not None:  # what a refused derivation made (a definition its",
        "    if False:  # what a refused derivation made (a definition its"),
    "symbols stand for finite numbers": (
        '"nonpositive"})\n#: the keys a symbol may be declared not to have',
        '"nonpositive", "extended_positive", "extended_real", "extended_nonzero"})\n'
        "#: the keys a symbol may be declared not to have"),
    "predicates need a witness": (
        '    return ("no point was found where the predicates "',
        '    return None and ("no point was found where the predicates "'),
    "witnesses evaluate SymPy's functions": (
        "_opaque(valued, interpreted=False)", "_opaque(valued, interpreted=True)"),
    "simplify folds no case": (
        "    cases = e.atoms(sp.Piecewise, sp.KroneckerDelta)\n",
        "    cases = e.atoms(sp.KroneckerDelta)\n"),
    "simplify rewrites no delta": (
        "    cases = e.atoms(sp.Piecewise, sp.KroneckerDelta)\n",
        "    cases = e.atoms(sp.Piecewise)\n"),
    "an antiderivative's tail read term by term": (
        "        if not _tails_decay(term, (var, -sp.oo, 0) if end < 0 else (var, 0, sp.oo)):\n"
        "            return None\n",
        "        total += sp.limit(term, var, end * sp.oo)\n"),
    "a closed application tied to something random is random": (
        "    if isinstance(e, AppliedUndef) and (e.func in whole or not e.free_symbols):",
        "    if isinstance(e, AppliedUndef) and e.func in whole:"),
    "integration ranges are real intervals": (
        "        if not _shown_real(sp.sympify(q), tuple(facts)):",
        "        if False:"),
    "rule outputs let no chance into what is fixed": (
        "    chance = _chance_in(after)\n", "    chance = None\n"),
    "binomial signs not read from an odd lower argument": (
        '     lambda q: q.args[0].is_negative and q.args[1].is_nonnegative),',
        '     lambda q: True),'),
    "gamma signs not read by the rule below zero": (
        '    (sp.gamma, ("positive",), False, lambda q: q.args[0].is_negative),',
        '    (sp.gamma, ("positive",), False, lambda q: True),'),
    "double factorial signs not read by the rule below zero": (
        '    (sp.factorial2, ("positive",), False, lambda q: (q.args[0] + 1).is_negative),',
        '    (sp.factorial2, ("positive",), False, lambda q: True),'),
    "predicates read through lemma sources' values": (
        "        for src in _lemma_sources(self)[1:]:\n            table.update(",
        "        for src in ():\n            table.update("),
    "powers of real bases imaginary only for non-integer exponents": (
        '    (sp.Pow, ("imaginary",), True, lambda q: q.exp.is_integer is False or not (',
        '    (sp.Pow, ("imaginary",), True, lambda q: True or not ('),
    "no rule rewrites a derivative by its variable's one value": (
        "    for dv in () if isinstance(rule, Axiom) else expr.atoms(sp.Derivative):",
        "    for dv in ():"),
    "a sum closed in part is held": (
        "        if closed.has(sp.Piecewise) or any(type(q) not in heads for q in closed.atoms(",
        "        if False and any(type(q) not in heads for q in closed.atoms("),
    "i times a factor not shown nonzero is not read as no real number": (
        '    (sp.Mul, ("extended_real",), False, _nonzero_factors),',
        '    (sp.Mul, ("extended_real",), False, lambda q: True),'),
    "SymPy's linear arithmetic decides no sign": (
        "    lra_satask_module.lra_satask = lambda *args, **kwargs: None", "    pass"),
    "every rule rewrites with bound names renamed apart and capture checked": (
        "    return alpha_normal(_capture_free(rule, alpha_normal(expr)))",
        "    return alpha_normal(rule.apply(expr))"),
    "the residual a step's rules wrote is checked at a point": (
        "                        a, b = ruled, sp.S.Zero", "                        continue"),
    "a fact of a free symbol is not put in under a binder of its name": (
        "    expr = alpha_normal(expr)\n    table: dict = {}", "    table: dict = {}"),
    "no parity of a power of a base that is no integer": (
        '    (sp.Pow, ("odd", "even"), False, lambda q: q.base.is_integer is True),',
        '    (sp.Pow, ("odd", "even"), False, lambda q: True),'),
    "floor and ceiling take arguments shown real": (
        "sp.Heaviside, sp.floor, sp.ceiling)", "sp.Heaviside)"),
    "a product is an integer only where its factors are": (
        '    (sp.Mul, ("integer",), True, _integer_factors),',
        '    (sp.Mul, ("integer",), True, lambda q: True),'),
    "a product is no integer only where it is a number": (
        '    (sp.Mul, ("integer",), False, lambda q: q.is_number),',
        '    (sp.Mul, ("integer",), False, lambda q: True),'),
    "no rule writes a derivative's variable into a body that did not show it": (
        "        shown = sorted(map(str, {v for v in unseen if written.has(v)}))",
        "        shown = []"),
    "an axiom rewrites outside derivatives that vary what it holds at": (
        "    if not held:\n        return rewrite(expr)",
        "    if True:\n        return rewrite(expr)"),
    "a function an axiom gives a meaning is not differentiated by what it does not show": (
        "                        if r is not None and off:", "                        if False:"),
    "a rational base to a power is no integer only for a rational power": (
        '    (sp.Pow, ("integer",), False, lambda q: q.exp.is_rational is True),',
        '    (sp.Pow, ("integer",), False, lambda q: True),'),
    "ask's no integer of a number it cannot compare is no verdict": (
        "    if verdict is False and function in _BY_ROUNDING and query.arguments[0].is_number:",
        "    if False:"),
    "a Subs or a limit reads what names mean as a derivative does": (
        "                for dv in sp.sympify(e).atoms(sp.Derivative, sp.Subs, sp.Limit):",
        "                for dv in sp.sympify(e).atoms(sp.Derivative):"),
    "a product of zeros is 0 only over a range shown not empty": (
        '    (sp.Product, ("zero",), True, lambda q: q.has_empty_sequence is False),',
        '    (sp.Product, ("zero",), True, lambda q: True),'),
    "a Solve's unknown is no variable of an axiom's meaning": (
        "                if any(u in eq.free_symbols for eq in a.defines):",
        "                if False:"),
    "a sum or product of terms not real is not read as no real number": (
        '    (sp.Sum, ("extended_real",), False, _never),',
        '    (sp.Sum, ("extended_real",), False, lambda q: True),'),
    "an axiom brings in its own names only": (
        "            named = {*rule.names, *rule.fixes,",
        "            named = {*(q for a in axiom_closure((rule,)) for q in a.fixes), *rule.fixes,"),
    "a draw is not differentiated by a parameter of its law": (
        "                        if app.func in RANDOM_HEADS and app.has(*variables):",
        "                        if False:"),
    "ask's handlers keep a verdict only where their rule holds": (
        "            return None if got is answer and not where(expr) else got",
        "            return got"),
    "ask's product facts conclude a one-factor class only for nonzero factors": (
        "            return [Implies(guard, f) if one_factor_rule(f, expr) else f for f in out]",
        "            return out"),
    "a power of an irrational base is not read as irrational": (
        '    (sp.Pow, ("rational",), False, lambda q: q.b'
        'ase is sp.E or q.base.is_irrational is not True),',
        '    (sp.Pow, ("rational",), False, lambda q: True),'),
    "an empty product is not read as nonpositive": (
        '    (sp.Product, ("extended_nonpositive",), True, _never),',
        '    (sp.Product, ("extended_nonpositive",), True, lambda q: True),'),
    "a bound of a free symbol is not put in for a bound namesake": (
        "    are renamed apart first: the bound of a free m is none of a bound m's.\"\"\"\n"
        "    expr = alpha_normal(expr)\n",
        "    are renamed apart first: the bound of a free m is none of a bound m's.\"\"\"\n"),
    "a power's realness and sign are read from its parts only where they are real": (
        '    (sp.Pow, ("imaginary", "extended_positive", "extended_real"), False, _real_parts),',
        '    (sp.Pow, ("imaginary", "extended_positive", "extended_real"), False, '
        'lambda q: True),'),
    "a product's parity is counted only where its factors are integers": (
        '    (sp.Mul, ("even",), False, _integer_factors),',
        '    (sp.Mul, ("even",), False, lambda q: True),'),
    "a rounding is read as no real number only of a real argument": (
        '    (sp.floor, ("real", "integer", "negative", "nonnegative"), False, _real_argument),',
        '    (sp.floor, ("real", "integer", "negative", "nonnegative"), False, lambda q: True),'),
    "a logarithm is finite only where its argument is shown nonzero": (
        '    (sp.log, ("finite",), True, lambda q: q.args[0].is_zero is False),',
        '    (sp.log, ("finite",), True, lambda q: True),'),
    "a power of 0 is algebraic only to a positive power": (
        '     lambda q: q.base.is_zero is not True or q.exp.is_positive is True),',
        '     lambda q: True),'),
    "tanh is real only of a real argument": (
        '    (sp.tanh, ("real", "extended_real"), True, _real_argument),',
        '    (sp.tanh, ("real", "extended_real"), True, lambda q: True),'),
    "a sum is not irrational only where its terms are real": (
        '    (sp.Add, ("irrational",), False, lambda q: a'
        'll(t.is_extended_real is True for t in q.args)),',
        '    (sp.Add, ("irrational",), False, lambda q: True),'),
    "a product's sign and finiteness are read only over a range not reversed": (
        '     _not_reversed),',
        '     lambda q: True),'),
    "a sign ask denies is no opposite sign of a number not shown real": (
        "    if verdict is False and query.function in _SIGNS_OF_REALS and sp.ask(",
        "    if False and sp.ask("),
    "ask's absolute value handlers keep 'not positive' only of a real argument": (
        "        kept_only_where(predicate, sp.Abs, False, "
        "lambda q: q.args[0].is_extended_real is True)",
        "        pass"),
    "an index is held to its declaration over a reversed range": (
        "        runs.append((sp.sympify(hi) + 1, sp.sympify(lo) - 1))",
        "        pass"),
    "an infinity stands only as a bound or a limit's point": (
        "        if node in _INFINITIES and not predicate and infinite_outside():",
        "        if False:"),
    "a Piecewise ends with a case for True": (
        "        if isinstance(node, sp.Piecewise) and node.args[-1].cond is not sp.true:",
        "        if False:"),
    "a lemma's random name takes no other value": (
        "        if is_random(k, _declared_randoms(src)):",
        "        if False:"),
    "an improper integral is shown to converge as written": (
        "                if isinstance(e, sp.Integral) and not _shown_convergent(e.function, lim):",
        "                if False:"),
    "a lemma about an application is reproved where it is random": (
        "    written = set().union(*(e.free_symbols | e.atoms(AppliedUndef)\n",
        "    written = set().union(*(e.free_symbols\n"),
    "a binder or derivative over a held node is held whole": (
        "                nodes = nodes | {q}",
        "                pass"),
    "a tie makes an application's function random": (
        "                    new = [q for q in _made_of(one, applications=True)\n",
        "                    new = [q for q in _made_of(one)\n"),
    "a noncommutative symbol is refused": (
        '    if declared.get("commutative") is False:\n        return (f"the symbol',
        '    if False:\n        return (f"the symbol'),
    "a function takes only the keys a symbol may": (
        "            for head in sorted({a.func for a in e.atoms(AppliedUndef)}, key=str):",
        "            for head in ():"),
    "a variable bound around a moment takes no random value": (
        "        if points and node.has(*MOMENT_HEADS) and any(is_random(q, declared) for q "
        "in points):",
        "        if False:"),
    "a delta restricted to a range is refused": (
        "        if isinstance(node, sp.KroneckerDelta) and len(node.args) > 2:",
        "        if False:"),
    "an integer variable has no limit at a finite point": (
        "                if not why and isinstance(e, sp.Limit) and var.is_integer and \\",
        "                if False and \\"),
    "a derivative's order is a positive whole number": (
        "        if isinstance(node, sp.Derivative) and any(\n"
        "                not (count.is_Integer and count > 0) for _, count in "
        "node.variable_count):",
        "        if False:"),
    "a Solve does not fix a symbol an earlier Solve's value holds": (
        "            if isinstance(earlier, Solve) and u in (  # with no solution (v = v + 1)",
        "            if False and u in (  # with no solution (v = v + 1)"),
    "two claims of one derivation do not share an id": (
        "        if twice:  # a claim is established, and used as a lemma, by its id",
        "        if False:"),
    "a family is declared on its label": (
        "                if family.assumptions0 != family.label.assumptions0:",
        "                if False:"),
    "a name whose moments a hypothesis states is random": (
        "    out.extend(_hypothesized_randoms(d, tuple(out)))\n",
        ""),
    "an assumption does not contradict a declaration": (
        "                    key = _contradicted_declaration(name, value, preds)",
        "                    key = None"),
    "an assumption states equations only": (
        "            if not isinstance(eq, sp.Equality):\n"
        "                raise ValueError(f\"Assumption",
        "            if False:\n                raise ValueError(f\"Assumption"),
    "a predicate speaks of nothing random": (
        "            if is_random(p, ()):\n                return 1, (f\"the predicate",
        "            if False:\n                return 1, (f\"the predicate"),
    "an assumed moment does not contradict the laws in turn": (
        "                if (gap.is_number and gap.is_finite and gap != 0) or (\n"
        "                        not gap.has(*moments) and _shown(\"nonzero\", gap, facts)):",
        "                if (gap.is_number and gap.is_finite and gap != 0):"),
    "simplify values no sum by its own limits": (
        "e.atoms(sp.Integral) | _held(e) | cases | _open_sums(e))",
        "e.atoms(sp.Integral) | _held(e) | cases)"),
    "a name a stated moment holds as a limit is random": (
        "                    bound = {lim[0] for b in arg.atoms(*_BINDERS) for lim in b.limits}",
        "                    bound = {q for b in arg.atoms(*_BINDERS) for lim in b.limits "
        "for q in lim}"),
    "an assumption linear in a declared name does not contradict it": (
        "                for name, value in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs),\n"
        "                                    *_linear_values(eq).items()):",
        "                for name, value in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):"),
    "a predicate is held against a linear assumption's value": (
        "        for name, value in _linear_values(eq).items():\n"
        "            values.setdefault(name, value)",
        "        pass"),
    "an assumption gives a name a lemma defines no second value": (
        "            clash = sorted((q for q in named if q in meanings), key=str)",
        "            clash = []"),
    "evaluate holds open sums": (
        "q.doit(integrals=False), e, _held(e) | unvalued | open_sums)",
        "q.doit(integrals=False), e, _held(e) | unvalued)"),
    "derivatives through sums": ("    e = _sums_done(_through_sums(written))",
                                 "    e = _sums_done(written)"),
    "solve value in what it names": (
        "            spoken = [t for t in tied if (step.equation.lhs - step.equation.rhs)",
        "            spoken = [t for t in () if (step.equation.lhs - step.equation.rhs)"),
    "names tied to a named value": ("and side not in tied and other.has(*tied):",
                                    "and side not in tied and False:"),
    "assumptions pin a named unknown": (
        "        if gap == 0 or not gap.has(*named):", "        if True:"),
    "a naming is judged too": ("        if eq.rhs in named:\n            return (",
                               "        if eq.rhs in named:\n            return None and ("),
    "lemmas pin a named unknown": (
        "            for b in (*(b for b in d.assumptions if b is not a), *lemmas):",
        "            for b in (*(b for b in d.assumptions if b is not a),):"),
    "a moment with a slope takes any value": (
        "slope != 0 for q in table.values()):", "slope != 0 for q in ()):"),
    "one spelling per moment": ("lambda q: q.func(*map(sp.expand, q.args)))",
                                "lambda q: q)"),
    "a schema's variable ranges over its declaration": (
        "            if quantified:\n                raise ValueError(",
        "            if False:\n                raise ValueError("),
    "a schema is tried at many points": ("a.predicates, points=16)", "a.predicates)"),
    "a known value in a bound namesake": (
        "                      and not (k.free_symbols & bound)]",
        "                      and True]"),
    "a limit is shown to exist": (
        "            if e.args[2] in _INFINITIES or not _smooth_in(body.doit(integrals=False),",
        "            if False and not _smooth_in(body.doit(integrals=False),"),
    "a named moment holds random names only": ("            if constants:  # E(t w^2)",
                                               "            if False:  # E(t w^2)"),
    "a named value against all predicates together": (
        "            why = _inconsistency(valued) if valued != tuple(preds) else None",
        "            why = None"),
    "an undefined function is differentiated only if smooth": (
        "            rough = _rough_functions(e.expr, wrt)\n",
        "            rough = []\n"),
    "an undefined function is integrated only if smooth": (
        "                rough = _rough_functions(e.function, {var}) if isinstance(e, sp.Integral)",
        "                rough = [] if isinstance(e, sp.Integral)"),
    "a predicate speaks of a named moment only through it": (
        "            for p in self.all_predicates():  # E(2 w^2) > 4 forbids E(w^2) = 1 unseen",
        "            for p in ():  # E(2 w^2) > 4 forbids E(w^2) = 1 unseen"),
    "a named variance is nonnegative": (
        "            if not _shown(\"nonnegative\", value, tuple(preds)):",
        "            if False:"),
    "a solve names only a variance": (
        "            if not (isinstance(named, sp.Function) and str(named.func) == \"Var\"):",
        "            if False:"),
    "other assumptions speak of a named variance's names as a mean or i.i.d. moments": (
        "            if eq.rhs == u or not eq.free_symbols & own or said(eq):",
        "            if eq.rhs == u or not eq.free_symbols & own or True:"),
    "the mean an assumption may give a named variance's names is a constant": (
        "            return not (rhs.free_symbols & own or rhs.has(*MOMENT_HEADS)",
        "            return not (False"),
    "an assumption gives a named variance's entries only i.i.d. second moments": (
        "            return entries and named == named.func(pair[0].base.label) and rhs == \\",
        "            return entries or named == named.func(pair[0].base.label) and rhs == \\"),
    "a definition rests on what showed its body defined": (
        "                    edges.setdefault(r.symbol, []).append((r.expr, frozenset(resting)))",
        "                    edges.setdefault(r.symbol, []).append((r.expr, frozenset()))"),
    "the predicates meet a lemma's constant through an assumption's name for it": (
        "        valued = d._unfolded(tuple(p.xreplace(values) for p in preds))[0]",
        "        valued = tuple(p.xreplace(values) for p in preds)"),
    "an instance used for every value of a symbol meets the keys by its declaration": (
        "                      if not sp.sympify(p).free_symbols & set(lemma.variables))",
        "                      if True)"),
    "a quantified variable of an assumption is a symbol": (
        "            if not isinstance(v, sp.Symbol):\n                raise TypeError(f\"Assum",
        "            if False:\n                raise TypeError(f\"Assum"),
    "a lemma is used for every value of symbols only": (
        "        if not isinstance(v, sp.Symbol) or v in fixed or v in mapping or \\",
        "        if v in fixed or v in mapping or \\"),
    "an undefined function brings no hooks of its own": (
        "    if hooks:  # sp.Function(\"f\", __dict__={\"fdiff\": ...}) brings its own derivative",
        "    if False:  # sp.Function(\"f\", __dict__={\"fdiff\": ...}) brings its own derivative"),
    "no twin of a written function brings hooks": (
        "    if twins:\n", "    if False:\n"),
    "every law is loaded before a proof reads its random names": (
        "        _interpreted_heads()\n        token = _RANDOMS.set(",
        "        token = _RANDOMS.set("),
    "a Solve's rules are frozen": (
        '        object.__setattr__(self, "using", tuple(self.using))  # frozen, as a step\'s',
        "        pass"),
    "a lemma's instantiation is frozen": (
        '        object.__setattr__(self, "mapping", tuple(tuple(pair) for pair in self.mapping))',
        "        pass"),
    "a derivation holds nothing that can change": (
        "            hash(self)  # (a lemma's source became another derivation",
        "            pass  # (a lemma's source became another derivation"),
    "a named variance is of a plain symbol": (
        "            if type(named.args[0]) is not sp.Symbol:", "            if False:"),
    "a named variance's names are declared no more than real": (
        "        if extra:\n", "        if False:\n"),
    "a smooth body's constants have means": (
        "        return not f.has(sp.Function) or _means_exist(f)", "        return True"),
    "a named variance is read as the laws speak of it": (
        "        if eq.rhs in named:  # a named variance as the laws speak of it",
        "        if False:  # a named variance as the laws speak of it"),
}


def mutated(kernel: str, name: str) -> str:
    """The kernel's source with the check ``name`` disabled."""
    old, new = MUTATIONS[name]
    if old is None:
        return kernel + "\n\n" + new
    if kernel.count(old) != 1:
        raise ValueError(f"mutation {name!r}: its text occurs {kernel.count(old)} times in "
                         f"{KERNEL}, not once; update MUTATIONS")
    return kernel.replace(old, new)


def run(scratch: pathlib.Path, kernel: str, name: str) -> tuple[bool, str]:
    """Whether the kernel's tests go red with ``name`` disabled, and the first failure."""
    text = mutated(kernel, name)
    ast.parse(text)  # a mutant that is not Python would turn every test red for nothing
    (scratch / KERNEL).write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n0", "-x", "-p", "no:cacheprovider", *TESTS],
        cwd=scratch, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(scratch)})
    failed = [ln for ln in result.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]
    return result.returncode != 0, (failed[0] if failed else result.stdout[-200:].strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"mutations to run (default all {len(MUTATIONS)})")
    args = parser.parse_args()
    unknown = set(args.names) - set(MUTATIONS)
    if unknown:
        parser.error(f"unknown mutations {sorted(unknown)}; known: {sorted(MUTATIONS)}")
    kernel = (ROOT / KERNEL).read_text()
    green = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp) / "repo"
        shutil.copytree(ROOT, scratch, ignore=shutil.ignore_patterns(
            ".git", "__pycache__", ".pytest_cache", ".hypothesis", "_site", "*.egg-info"))
        for name in args.names or MUTATIONS:
            start = time.time()
            red, detail = run(scratch, kernel, name)
            print(f"{'RED  ' if red else 'GREEN'} {name:34s} {time.time() - start:5.1f} s  "
                  f"{detail}", flush=True)
            if not red:
                green.append(name)
    print(f"{len(green)} of {len(args.names or MUTATIONS)} disabled checks went unnoticed"
          + (f": {', '.join(green)}" if green else ""))
    sys.exit(1 if green else 0)


if __name__ == "__main__":
    main()
