"""The ``sharecheck`` command line: ``main`` parses, one module per command group does the work."""
