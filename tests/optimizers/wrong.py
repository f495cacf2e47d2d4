"""Known-wrong optimizer variants, each a plausible mistake, and the checks that must reject them.

Each variant replaces one function of the implementation under test with a
NumPy version that carries the mistake (the rest of the algorithm follows
``torch.optim``); the suite's meta-test runs the named checks on it and
demands a violation of each check's own law.
"""

from __future__ import annotations

import math

import numpy as np

from dlproofs.checks import wrong

CH = "optimizers"


def _lists(params, grads):
    return [np.asarray(p, dtype=np.float64) for p in params], \
        [np.asarray(g, dtype=np.float64) for g in grads]


def _adam(*, correct: bool = True, inside: bool = False, eps_where: str = "outside"):
    """Adam with one mistake: no correction, the correction fed back, or eps misplaced."""

    def adam_step(params, grads, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                  weight_decay=0.0, amsgrad=False):
        p, g = _lists(params, grads)
        b1, b2 = betas
        t = state["step"] + 1
        bc1, bc2 = (1 - b1**t, 1 - b2**t) if correct else (1.0, 1.0)
        new_p, new_m, new_v = [], [], []
        for pi, gi, mi, vi in zip(p, g, state["exp_avg"], state["exp_avg_sq"], strict=True):
            gi = gi + weight_decay * pi
            m = b1 * mi + (1 - b1) * gi
            v = b2 * vi + (1 - b2) * gi * gi
            if inside:          # the slides: the corrected value is what is stored
                m, v = m / bc1, v / bc2
                m_hat, v_hat = m, v
            else:
                m_hat, v_hat = m / bc1, v / bc2
            if eps_where == "inside_sqrt":
                den = np.sqrt(v_hat + eps)
            elif eps_where == "before_correction":
                den = (np.sqrt(v) + eps) / math.sqrt(bc2)
            else:
                den = np.sqrt(v_hat) + eps
            new_p.append(pi - lr * m_hat / den)
            new_m.append(m)
            new_v.append(v)
        return new_p, {"step": t, "exp_avg": new_m, "exp_avg_sq": new_v,
                       "max_exp_avg_sq": state["max_exp_avg_sq"]}

    return adam_step


def _rmsprop(*, eps_inside: bool = False, corrected: bool = False, swapped: bool = False):
    def rmsprop_step(params, grads, state, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                     momentum=0.0, centered=False):
        p, g = _lists(params, grads)
        t = state["step"] + 1
        new_p, new_v = [], []
        for pi, gi, vi in zip(p, g, state["square_avg"], strict=True):
            keep = 1 - alpha if swapped else alpha   # Keras's rho read as PyTorch's alpha
            v = keep * vi + (1 - keep) * gi * gi
            v_used = v / (1 - alpha**t) if corrected else v
            den = np.sqrt(v_used + eps) if eps_inside else np.sqrt(v_used) + eps
            new_p.append(pi - lr * gi / den)
            new_v.append(v)
        return new_p, {**state, "step": t, "square_avg": new_v}

    return rmsprop_step


def _adagrad(*, eps_inside: bool = False, no_sqrt: bool = False):
    def adagrad_step(params, grads, state, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                     initial_accumulator_value=0.0, eps=1e-10):
        p, g = _lists(params, grads)
        sums = state["sum"] or [np.full_like(pi, initial_accumulator_value) for pi in p]
        new_p, new_s = [], []
        for pi, gi, si in zip(p, g, sums, strict=True):
            s = si + gi * gi
            if no_sqrt:
                den = s + eps
            else:
                den = np.sqrt(s + eps) if eps_inside else np.sqrt(s) + eps
            new_p.append(pi - lr * gi / den)
            new_s.append(s)
        return new_p, {"step": state["step"] + 1, "sum": new_s}

    return adagrad_step


def _sgd(*, ignore_nesterov: bool = False, rate_inside: bool = False,
         buffer_after_step: bool = False):
    def sgd_step(params, grads, state, *, lr=1e-3, momentum=0.0, dampening=0.0,
                 nesterov=False, weight_decay=0.0):
        p, g = _lists(params, grads)
        bufs = state["momentum_buffer"] or [np.zeros_like(pi) for pi in p]
        new_p, new_b = [], []
        for pi, gi, bi in zip(p, g, bufs, strict=True):
            if rate_inside:          # the slide's h = rho h + eta g, w -= h
                b = momentum * bi + lr * gi
                new_p.append(pi - b)
            elif buffer_after_step:  # steps with the old velocity, then updates it
                new_p.append(pi - lr * (momentum * bi + gi) if nesterov and not ignore_nesterov
                             else pi - lr * (bi if momentum else gi))
                b = momentum * bi + gi
            else:
                b = momentum * bi + gi
                d = gi + momentum * b if nesterov and not ignore_nesterov else b
                new_p.append(pi - lr * d)
            new_b.append(b)
        return new_p, {"step": state["step"] + 1, "momentum_buffer": new_b}

    return sgd_step


def step_lr_one_epoch_early(epoch, *, lr, step_size, gamma=0.1):
    return lr * gamma ** ((epoch + 1) // step_size)


def cosine_over_one_period(epoch, *, lr, T_max, eta_min=0.0):
    return eta_min + (lr - eta_min) * (1 + math.cos(2 * math.pi * epoch / T_max)) / 2


STEPS = f"{CH}.adam_steps_follow_the_corrected_moments"
MOMENTS = f"{CH}.adam_moments_are_biased_by_the_derived_factor"

wrong("adam_without_bias_correction", chapter=CH,
      why="divides the raw averages: the first step is (1 - beta1)/sqrt(1 - beta2) = 3.16 times "
          "lr at the defaults", replaces={"adam_step": _adam(correct=False)},
      rejected_by=(STEPS,))
wrong("adam_correction_inside_the_recursion", chapter=CH,
      why="the slides' formula: the corrected average is stored and fed back",
      replaces={"adam_step": _adam(inside=True)}, rejected_by=(STEPS, MOMENTS))
wrong("adam_eps_inside_the_root", chapter=CH, why="sqrt(v^ + eps), the slides' formula, where "
      "torch.optim.Adam has sqrt(v^) + eps", replaces={"adam_step": _adam(eps_where="inside_sqrt")},
      rejected_by=(STEPS,))
wrong("adam_eps_before_the_correction", chapter=CH,
      why="eps added to sqrt(v) before dividing by sqrt(1 - beta2^t)",
      replaces={"adam_step": _adam(eps_where="before_correction")}, rejected_by=(STEPS,))
wrong("rmsprop_eps_inside_the_root", chapter=CH, why="sqrt(G + eps), the slides' formula",
      replaces={"rmsprop_step": _rmsprop(eps_inside=True)},
      rejected_by=(f"{CH}.rmsprop_steps_follow_the_uncorrected_average",))
wrong("rmsprop_with_bias_correction", chapter=CH,
      why="divides G_t by 1 - alpha^t as Adam does; torch.optim.RMSprop does not",
      replaces={"rmsprop_step": _rmsprop(corrected=True)},
      rejected_by=(f"{CH}.rmsprop_steps_follow_the_uncorrected_average",))
wrong("rmsprop_alpha_read_as_one_minus_alpha", chapter=CH,
      why="G = (1 - alpha) G + alpha g^2: the weight convention swapped",
      replaces={"rmsprop_step": _rmsprop(swapped=True)},
      rejected_by=(f"{CH}.rmsprop_steps_follow_the_uncorrected_average",
                   f"{CH}.rmsprop_average_is_biased_by_the_derived_factor"))
wrong("adagrad_eps_inside_the_root", chapter=CH, why="sqrt(G + eps), the slides' formula",
      replaces={"adagrad_step": _adagrad(eps_inside=True)},
      rejected_by=(f"{CH}.adagrad_step_shrinks_like_one_over_sqrt_t",))
wrong("adagrad_without_the_root", chapter=CH, why="divides by G instead of sqrt(G)",
      replaces={"adagrad_step": _adagrad(no_sqrt=True)},
      rejected_by=(f"{CH}.adagrad_step_shrinks_like_one_over_sqrt_t",
                   f"{CH}.adagrad_ignores_a_coordinates_scale"))
wrong("nesterov_computed_as_plain_momentum", chapter=CH, why="ignores nesterov=True",
      replaces={"sgd_step": _sgd(ignore_nesterov=True)},
      rejected_by=(f"{CH}.nesterov_is_the_lookahead_form",))
wrong("momentum_with_the_rate_inside_the_velocity", chapter=CH,
      why="h = rho h + lr g, p -= h (the slides' other notation): the same as PyTorch's only "
          "while lr is constant", replaces={"sgd_step": _sgd(rate_inside=True)},
      rejected_by=(f"{CH}.momentum_applies_the_current_rate_to_the_whole_buffer",))
wrong("momentum_steps_with_the_old_velocity", chapter=CH,
      why="p -= lr v_{t-1}, then v_t = rho v_{t-1} + g_t: the velocity lags one step",
      replaces={"sgd_step": _sgd(buffer_after_step=True)},
      rejected_by=(f"{CH}.momentum_velocity_is_a_geometric_sum",
                   f"{CH}.quadratic_contraction_rates"))
wrong("schedules_off_by_one_and_over_one_period", chapter=CH,
      why="StepLR decaying one epoch early; the cosine over a full period T_max",
      replaces={"step_lr": step_lr_one_epoch_early, "cosine_annealing_lr": cosine_over_one_period},
      rejected_by=(f"{CH}.schedules_follow_their_closed_forms",))


def adam_step_unvalidated(params, grads, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                          weight_decay=0.0, amsgrad=False):
    """Adam with no argument checks at all (a negative lr ascends; betas = 1 divides by 0)."""
    with np.errstate(all="ignore"):
        return _adam()(params, grads, state, lr=lr, betas=betas, eps=eps,
                       weight_decay=weight_decay, amsgrad=amsgrad)


wrong("adam_without_input_validation", chapter=CH,
      why="no argument checks: a negative lr silently ascends, betas = (1, ...) divides by 0",
      replaces={"adam_step": adam_step_unvalidated},
      rejected_by=(f"{CH}.bad_inputs_are_refused_naming_the_argument",))
