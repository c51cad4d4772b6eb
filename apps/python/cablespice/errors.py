"""Exceptions raised by cablespice."""


class NetlistError(ValueError):
    """A netlist that cannot be parsed or elaborated.

    ``file``, ``line``, ``column`` and ``message`` describe the first error; ``str()`` is every
    diagnostic as the command line prints them (``file:line:col: error: ...``, line, caret).
    """

    def __init__(self, text, file="", line=0, column=0, message=""):
        super().__init__(text)
        self.file = file
        self.line = line
        self.column = column
        self.message = message


class SimulationError(RuntimeError):
    """A run that failed: singular matrix, no convergence, time step too small."""
