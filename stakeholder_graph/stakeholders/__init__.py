"""Stakeholder register: power-interest grid, salience, stance."""

from .register import SALIENCE_CLASSES, mendelow_quadrant, salience_class, stakeholder_register, stance_label

__all__ = ["stakeholder_register", "mendelow_quadrant", "salience_class", "stance_label", "SALIENCE_CLASSES"]
