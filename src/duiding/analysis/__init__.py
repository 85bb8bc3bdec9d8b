"""Analysis of protected observations: intervals, comparisons, signals, targets, forecasts.

Reads only what duiding.privacy lets out.
"""
