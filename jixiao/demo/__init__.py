"""The sample inbox: a unit roster, ~130 submissions with planted defects and the findings they must raise."""
