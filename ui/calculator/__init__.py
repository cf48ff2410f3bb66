"""The calculator panel's parts: the picker, the form, the result view and the result on paper.

:class:`ui.calculator_panel.CalculatorPanel` connects them; the words they show come from
:mod:`content.calc.render`.
"""
