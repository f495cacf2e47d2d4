"""The teaching layer of the activations chapter (filled in below)."""

from ..registry import Teaching

TEACHING = Teaching(problem="", answer="", worked_example="")
